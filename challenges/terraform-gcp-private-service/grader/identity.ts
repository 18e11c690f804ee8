import type { Inventory } from '../../_lib/hcl/inventory.ts';
import type { ResourceInstance } from '../../_lib/hcl/module-instance.ts';
import type { Value } from '../../_lib/hcl/values.ts';
import { isUnknown } from '../../_lib/hcl/values.ts';
import { first, ofType, projectOf, shown, viewOf } from './model.ts';

export const SERVICE_TYPES = ['google_cloud_run_v2_service', 'google_cloud_run_service'] as const;
const DEFAULT_COMPUTE = /-compute@developer\.gserviceaccount\.com$/;
const DEFAULT_COMPUTE_SOURCE = /(^|\.)data\.google_compute_default_service_account\./;

/** Who a service runs as: a service account created here, or why it is not one. */
export type Identity =
  | { readonly kind: 'created'; readonly account: ResourceInstance }
  | { readonly kind: 'other'; readonly why: string };

/** The configured account_id of each google_service_account, for emails written out. */
function accountIds(inventory: Inventory): Map<string, ResourceInstance> {
  const ids = new Map<string, ResourceInstance>();
  for (const account of ofType(inventory, 'google_service_account')) {
    const id = viewOf(account).get('account_id');
    if (typeof id === 'string') ids.set(id, account);
  }
  return ids;
}

/**
 * The service account an email (or an IAM member `serviceAccount:…`) names. A reference to a
 * google_service_account's email or member is traced through its origin; a written-out email
 * `<account_id>@<project>.iam.gserviceaccount.com` is matched by account_id.
 */
export function accountNamed(inventory: Inventory, value: Value): Identity {
  if (value === null)
    return {
      kind: 'other',
      why: 'no service account is set, so Cloud Run uses the default compute service account',
    };
  if (isUnknown(value)) {
    if (value.origin.some((o) => DEFAULT_COMPUTE_SOURCE.test(o)))
      return {
        kind: 'other',
        why: 'it is the default compute service account (data.google_compute_default_service_account)',
      };
    const accounts = ofType(inventory, 'google_service_account').filter((a) =>
      value.origin.includes(a.address),
    );
    if (accounts.length === 1 && accounts[0]) return { kind: 'created', account: accounts[0] };
    return {
      kind: 'other',
      why: `${shown(value)} cannot be traced to one google_service_account created here`,
    };
  }
  if (typeof value !== 'string') return { kind: 'other', why: `${shown(value)} is not an email` };
  const email = value.replace(/^serviceAccount:/, '');
  if (DEFAULT_COMPUTE.test(email))
    return { kind: 'other', why: `${email} is the default compute service account` };
  const match = /^([a-z][a-z0-9-]{4,29})@([^@.]+)\.iam\.gserviceaccount\.com$/.exec(email);
  const found = match?.[1] ? accountIds(inventory).get(match[1]) : undefined;
  // ledger-run@other-project is another project's account of the same account_id.
  const account = found && projectOf(found) === match?.[2] ? found : undefined;
  return account
    ? { kind: 'created', account }
    : { kind: 'other', why: `${email} is not a service account created in this configuration` };
}

/** The identity each Cloud Run service runs as (template.service_account, or v1's service_account_name). */
export function serviceIdentity(inventory: Inventory, service: ResourceInstance): Identity {
  const template = first(viewOf(service), 'template');
  const v1 = service.type === 'google_cloud_run_service';
  const spec = v1 ? first(template, 'spec') : template;
  return accountNamed(inventory, spec?.get(v1 ? 'service_account_name' : 'service_account') ?? null);
}

/** The service accounts created here that some Cloud Run service runs as. */
export function runtimeAccounts(inventory: Inventory): ResourceInstance[] {
  const accounts = new Set<ResourceInstance>();
  for (const service of ofType(inventory, ...SERVICE_TYPES)) {
    const identity = serviceIdentity(inventory, service);
    if (identity.kind === 'created') accounts.add(identity.account);
  }
  return [...accounts];
}

/** Whether an IAM member is `account`: yes, no, or maybe (a value the grader cannot pin down). */
export function memberIs(
  inventory: Inventory,
  member: Value,
  account: ResourceInstance,
): 'yes' | 'no' | 'maybe' {
  if (isUnknown(member)) {
    if (member.origin.includes(account.address)) return 'yes';
    // Another service account's email or member is not this account; anything else could be.
    return member.origin.some(isAccountResource) ? 'no' : 'maybe';
  }
  if (typeof member !== 'string') return 'maybe';
  // Every account is one of allUsers and allAuthenticatedUsers.
  if (member === 'allUsers' || member === 'allAuthenticatedUsers') return 'yes';
  if (member.startsWith('group:')) return groupHolds(inventory, member.slice('group:'.length), account);
  const principal = /^principal:\/\/iam\.googleapis\.com\/projects\/[^/]+\/serviceAccounts\/(.+)$/.exec(
    member,
  );
  const email = member.startsWith('serviceAccount:') ? member : principal?.[1];
  if (email === undefined) return 'no';
  const identity = accountNamed(inventory, email);
  return identity.kind === 'created' && identity.account === account ? 'yes' : 'no';
}

/**
 * Whether the group `email` holds `account`: a google_cloud_identity_group_membership here puts the
 * account in a group that is that one, or one whose email the grader cannot tell (another group's
 * resource name, an input), so could be.
 */
function groupHolds(inventory: Inventory, email: string, account: ResourceInstance): 'yes' | 'no' | 'maybe' {
  let found: 'yes' | 'no' | 'maybe' = 'no';
  for (const membership of ofType(inventory, 'google_cloud_identity_group_membership')) {
    const view = viewOf(membership);
    const key = first(view, 'preferred_member_key') ?? first(view, 'member_key');
    const id = key?.get('id') ?? null;
    const named = typeof id === 'string' ? accountNamed(inventory, id) : undefined;
    const isAccount = isUnknown(id)
      ? id.origin.includes(account.address)
      : named?.kind === 'created' && named.account === account;
    if (!isAccount) continue;
    const group = view.get('group');
    const created = ofType(inventory, 'google_cloud_identity_group').find((g) =>
      isUnknown(group) ? group.origin.includes(g.address) : false,
    );
    const groupEmail = created ? (first(viewOf(created), 'group_key')?.get('id') ?? null) : null;
    if (typeof groupEmail === 'string' && groupEmail.toLowerCase() !== email.toLowerCase()) continue;
    if (typeof groupEmail === 'string') return 'yes';
    found = 'maybe';
  }
  return found;
}

/** `module.x.google_service_account.y[0]`, not `data.google_service_account.y` (an account from elsewhere). */
function isAccountResource(address: string): boolean {
  const parts = address.replace(/\[[^\]]*\]/g, '').split('.');
  return parts.at(-2) === 'google_service_account' && parts.at(-3) !== 'data';
}
