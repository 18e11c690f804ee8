import type { Check } from '../../../_lib/hcl/check.ts';
import { outcome, worstOverScenarios } from '../../../_lib/hcl/check.ts';
import { prefix } from '../../../_lib/hcl/expansion.ts';
import type { Inventory } from '../../../_lib/hcl/inventory.ts';
import type { ResourceInstance } from '../../../_lib/hcl/module-instance.ts';
import type { Value } from '../../../_lib/hcl/values.ts';
import { isUnknown } from '../../../_lib/hcl/values.ts';
import { grantsOf } from '../grants.ts';
import { memberIs, runtimeAccounts } from '../identity.ts';
import { label, ofType, projectOf, shown, viewOf } from '../model.ts';
import { SQL } from '../networks.ts';
import { passwordSecrets, secretNamed } from '../secrets.ts';

const SQL_CLIENT = 'roles/cloudsql.client';
const ACCESSOR = 'roles/secretmanager.secretAccessor';

/**
 * R6. For each service account a service runs as: a quarter for roles/cloudsql.client on the
 * database's project (on another, it is an extra grant), a quarter for the accessor role on the
 * password's secret, half for holding nothing else. allUsers and allAuthenticatedUsers hold every
 * account, and so does a group a google_cloud_identity_group_membership here puts it in. Every IAM resource counts (project, folder, organisation, service account, secret, bucket…,
 * member, binding or authoritative policy); a grant whose role or member is unknown could be
 * anything, so it counts against the account. Worst scenario.
 */
export const leastPrivilegeCheck: Check = {
  id: 'least-privilege',
  judge: (grading) => worstOverScenarios(grading, judgeInventory),
};

function judgeInventory(inventory: Inventory) {
  const accounts = runtimeAccounts(inventory);
  if (accounts.length === 0)
    return outcome(
      0,
      'No Cloud Run service runs as a service account created here, so its grants are not in this configuration (the default compute service account holds roles/editor).',
      ['see the dedicated-identity check'],
    );
  const findings: string[] = [];
  let total = 0;
  for (const account of accounts) total += judgeAccount(inventory, account, findings);
  const score = total / accounts.length;
  return findings.length === 0
    ? outcome(
        1,
        "The service's account holds roles/cloudsql.client on the project and read access to its password's secret, and nothing else.",
      )
    : outcome(
        score,
        "The service's account lacks a grant it needs or holds more than the brief allows.",
        findings,
      );
}

function judgeAccount(inventory: Inventory, account: ResourceInstance, findings: string[]): number {
  const secrets = passwordSecrets(inventory);
  const projects = databaseProjects(inventory);
  let sqlClient = false;
  let accessor = false;
  let extra = false;
  for (const grant of grantsOf(inventory)) {
    for (const member of grant.members) {
      const is = memberIs(inventory, member, account);
      if (is === 'no') continue;
      const whom = is === 'yes' ? account.address : `${shown(member)}, which could be ${account.address},`;
      if (is === 'yes' && grant.role === SQL_CLIENT && grant.level === 'project') {
        const project = projectId(inventory, grant.target);
        if (project !== undefined && projects.includes(project)) {
          sqlClient = true;
          continue;
        }
        extra = true;
        findings.push(
          `${grant.where}: ${whom} is granted ${SQL_CLIENT} on project ${shown(grant.target)}, not on the database's project (${projects.map(shown).join(', ') || 'unknown'}), so it can connect to every instance there`,
        );
        continue;
      }
      if (is === 'yes' && grant.role === ACCESSOR && grant.level === 'secret') {
        const secret = secretNamed(inventory, grant.target);
        if (secret && secrets.includes(secret)) {
          accessor = true;
          continue;
        }
        extra = true;
        findings.push(
          `${grant.where}: ${whom} reads secret ${shown(grant.target)}, which is not the database password's`,
        );
        continue;
      }
      extra = true;
      const at = grant.level === 'project' ? 'on the project' : `on ${grant.level} ${shown(grant.target)}`;
      findings.push(
        `${grant.where}: ${whom} is granted ${shown(grant.role)} ${at}; the brief allows only ${SQL_CLIENT} on the project and ${ACCESSOR} on the password's secret`,
      );
    }
  }
  if (!sqlClient)
    findings.push(
      `${label(account)}: no ${SQL_CLIENT} on the project, so the service cannot connect to Cloud SQL`,
    );
  if (!accessor)
    findings.push(
      `${label(account)}: no ${ACCESSOR} on the database password's secret (a google_secret_manager_secret_iam_* on it)`,
    );
  return (sqlClient ? 0.25 : 0) + (accessor ? 0.25 : 0) + (extra ? 0 : 0.5);
}

/**
 * The projects the Cloud SQL instances live in (their project, else their provider's), as project
 * ids; an unknown one is left out, so a grant there cannot be shown to be on the database's project.
 */
function databaseProjects(inventory: Inventory): string[] {
  const found = ofType(inventory, SQL).map(projectOf);
  return [...new Set(found.filter((p): p is string => p !== undefined))];
}

/**
 * `acme` and `projects/acme` are the same project; `data.google_project.x.project_id` is the one its
 * project_id names, else its provider's. Anything else unknown is no project the grader can name.
 */
function projectId(inventory: Inventory, value: Value): string | undefined {
  if (typeof value === 'string') return value === '' ? undefined : value.replace(/^projects\//, '');
  if (!isUnknown(value) || value.origin.length !== 1) return undefined;
  const [origin] = value.origin;
  for (const module of inventory.modules) {
    const at = prefix(module.address);
    const name = origin?.startsWith(`${at}data.google_project.`)
      ? origin.slice(`${at}data.google_project.`.length)
      : undefined;
    const block = name === undefined ? undefined : module.config.dataIndex.get(`google_project.${name}`);
    if (!block) continue;
    const data = {
      address: origin,
      type: 'google_project',
      name,
      key: null,
      block,
      scope: module.scope,
      module,
      weight: null,
    };
    const own = viewOf(data as ResourceInstance).get('project_id');
    return own === null ? projectOf(data as ResourceInstance) : projectId(inventory, own);
  }
  return undefined;
}
