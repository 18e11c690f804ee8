import { bodyView } from '../../_lib/hcl/blocks.ts';
import { prefix } from '../../_lib/hcl/expansion.ts';
import type { Inventory } from '../../_lib/hcl/inventory.ts';
import type { ResourceInstance } from '../../_lib/hcl/module-instance.ts';
import type { Value } from '../../_lib/hcl/values.ts';
import { isUnknown, unknown } from '../../_lib/hcl/values.ts';
import { label, listOf, viewOf } from './model.ts';

/** One role granted to some members on some resource, however the configuration writes it. */
export interface Grant {
  readonly resource: ResourceInstance;
  /** `project`, `secret`, or the IAM resource's kind (`google_service_account`, `google_storage_bucket`…). */
  readonly level: string;
  /** What the role is granted on: the project, the secret… as configured (null where implicit). */
  readonly target: Value;
  readonly role: Value;
  readonly members: readonly Value[];
  /** For messages: the resource, and the policy binding when there is one. */
  readonly where: string;
}

/** Every `google_*_iam_member`, `_binding` and `_policy` (with the bindings of its policy_data). */
const IAM_TYPE = /^google_(.+)_iam_(member|binding|policy)$/;
/** Where the resource a grant is on is named, by the IAM resource's kind. */
const TARGET_ARGUMENTS = ['secret_id', 'service_account_id', 'bucket', 'name', 'folder', 'org_id', 'project'];

export function grantsOf(inventory: Inventory): Grant[] {
  return inventory.resources.flatMap((resource) => {
    const match = IAM_TYPE.exec(resource.type);
    if (!match?.[1] || !match[2]) return [];
    const kind = match[1];
    const level =
      kind === 'project' ? 'project' : kind === 'secret_manager_secret' ? 'secret' : `google_${kind}`;
    const view = viewOf(resource);
    const targetArgument = TARGET_ARGUMENTS.find((a) => view.get(a) !== null);
    const target = targetArgument ? view.get(targetArgument) : null;
    const base = { resource, level, target, where: label(resource) };
    if (match[2] === 'member') return [{ ...base, role: view.get('role'), members: [view.get('member')] }];
    if (match[2] === 'binding')
      return [{ ...base, role: view.get('role'), members: listOf(view.get('members')) }];
    return policyBindings(inventory, view.get('policy_data')).map((b) => ({
      ...base,
      role: b.role,
      members: b.members,
      where: `${label(resource)}, ${b.where}`,
    }));
  });
}

interface Binding {
  readonly role: Value;
  readonly members: readonly Value[];
  readonly where: string;
}

/**
 * The bindings of an authoritative policy: from the data.google_iam_policy it references, or from a
 * JSON document written out. Anything else is one binding whose role and members are unknown.
 */
function policyBindings(inventory: Inventory, policy: Value): Binding[] {
  const opaque = (why: string): Binding[] => {
    const value = unknown('unsupported', why);
    return [{ role: value, members: [value], where: 'policy_data' }];
  };
  if (typeof policy === 'string') {
    try {
      const parsed = JSON.parse(policy) as { bindings?: { role?: unknown; members?: unknown }[] };
      return (parsed.bindings ?? []).map((b, i) => ({
        role: typeof b.role === 'string' ? b.role : null,
        members: Array.isArray(b.members) ? b.members.filter((m): m is string => typeof m === 'string') : [],
        where: `policy_data bindings[${i}]`,
      }));
    } catch {
      return opaque('policy_data is not a JSON policy');
    }
  }
  if (!isUnknown(policy)) return opaque('policy_data is not a policy document');
  const source = policy.origin.find((o) => /(^|\.)data\.google_iam_policy\.[^.]+$/.test(o));
  if (!source) return opaque(`policy_data cannot be followed (${policy.detail})`);
  for (const module of inventory.modules) {
    const name: string = source
      .slice(prefix(module.address).length)
      .replace(/^data\.google_iam_policy\./, '');
    if (`${prefix(module.address)}data.google_iam_policy.${name}` !== source) continue;
    const block = module.config.dataIndex.get(`google_iam_policy.${name}`);
    if (!block) continue;
    const bindings = bodyView(block.body, module.scope).blocks('binding');
    return bindings.map((b, i) => ({
      role: b.get('role'),
      members: listOf(b.get('members')),
      where: `${source} binding ${i + 1} (${block.file}${block.line ? ` line ${block.line}` : ''})`,
    }));
  }
  return opaque(`${source} cannot be read`);
}
