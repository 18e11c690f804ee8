import type { Check } from '../../../_lib/hcl/check.ts';
import { outcome, worstOverScenarios } from '../../../_lib/hcl/check.ts';
import type { Inventory } from '../../../_lib/hcl/inventory.ts';
import type { Value } from '../../../_lib/hcl/values.ts';
import { isObject, isUnknown } from '../../../_lib/hcl/values.ts';
import { first, label, listOf, ofType, shown, viewOf } from '../model.ts';
import { SQL } from '../networks.ts';
import {
  carriesSecret,
  containerEnvs,
  containers,
  envSecret,
  generatedFrom,
  SECRET,
  secretNamed,
} from '../secrets.ts';

const SECRET_NAME = /pass|secret|pwd/i;
const IAM_USER = /^CLOUD_IAM_/;

/**
 * R8. Thirds: every built-in google_sql_user's password (and any root_password) comes from a
 * random_password; a secret version created here stores that generated value; the service reads it
 * from that secret (value_source.secret_key_ref) and no env var carries it (from the random_password
 * or from a secret version, even one read back as a data source), or anything named like a password,
 * as a plain value, nor do container args or command; Cloud Run jobs count as much as services, and
 * so do Cloud Functions' environment_variables. A literal, a default or a tfvars value is written in
 * the code. Worst scenario.
 */
export const passwordCheck: Check = {
  id: 'password-from-secret',
  judge: (grading) => worstOverScenarios(grading, judgeInventory),
};

function judgeInventory(inventory: Inventory) {
  const findings: string[] = [];
  const generators = new Set<string>();
  const users = ofType(inventory, 'google_sql_user').filter(
    (u) => !IAM_USER.test(String(viewOf(u).get('type') ?? '')),
  );
  let usersOk = users.length > 0;
  if (users.length === 0) findings.push('There is no google_sql_user with a password for the service.');
  for (const user of users) {
    const problem = passwordProblem(viewOf(user).get('password'), generators);
    if (problem) {
      usersOk = false;
      findings.push(`${label(user)}: password ${problem}`);
    }
  }
  for (const db of ofType(inventory, SQL)) {
    const root = viewOf(db).get('root_password');
    const problem = root === null ? undefined : passwordProblem(root, generators);
    if (problem) {
      usersOk = false;
      findings.push(`${label(db)}: root_password ${problem}`);
    }
  }
  const stored = new Set<string>();
  for (const version of ofType(inventory, 'google_secret_manager_secret_version')) {
    const view = viewOf(version);
    const secret = secretNamed(inventory, view.get('secret'));
    const data = view.get('secret_data');
    const from = generatedFrom(data);
    if (!isUnknown(data) && data !== null)
      findings.push(`${label(version)}: secret_data is written in the code`);
    else if (secret && from.some((g) => generators.has(g))) stored.add(secret.address);
  }
  if (stored.size === 0)
    findings.push(
      `No google_secret_manager_secret_version on a ${SECRET} created here stores the password the database user gets.`,
    );
  let served = false;
  for (const { service, env } of containerEnvs(inventory)) {
    const name = env.get('name');
    const value = env.get('value');
    const secret = envSecret(inventory, env);
    if (secret && stored.has(secret.address)) served = true;
    if (value === null) continue;
    if (carriesSecret(value) || (typeof name === 'string' && SECRET_NAME.test(name)))
      findings.push(
        `${label(service)}: env ${shown(name)} carries ${shown(value)} in plain text in the service's configuration`,
      );
  }
  for (const { service, container } of containers(inventory))
    for (const argument of ['args', 'command'])
      if (listOf(container.get(argument)).some(carriesSecret))
        findings.push(
          `${label(service)}: container ${argument} carries the password in plain text in the service's configuration`,
        );
  // Cloud Functions beside the API take their environment as a map, as plain as a container's env.
  for (const fn of ofType(inventory, 'google_cloudfunctions2_function', 'google_cloudfunctions_function')) {
    const view = viewOf(fn);
    const vars = (first(view, 'service_config') ?? view).get('environment_variables');
    const values = isObject(vars) ? Object.values(vars) : vars === null ? [] : [vars];
    if (values.some(carriesSecret))
      findings.push(
        `${label(fn)}: environment_variables carry the password in plain text in the function's configuration`,
      );
  }
  if (!served)
    findings.push(
      'No Cloud Run container reads the password from its secret (env value_source.secret_key_ref.secret).',
    );
  const plain = findings.some((f) => f.includes('in plain text'));
  const score = (usersOk ? 1 / 3 : 0) + (stored.size > 0 ? 1 / 3 : 0) + (served && !plain ? 1 / 3 : 0);
  return findings.length === 0
    ? outcome(1, 'The password is generated, kept in Secret Manager and read from there by the service.')
    : outcome(
        score,
        'The database password is written in the code, or does not travel from a generated value through Secret Manager.',
        findings,
      );
}

function passwordProblem(value: Value, generators: Set<string>): string | undefined {
  if (value === null) return 'is not set: the brief wants the generated value';
  const from = generatedFrom(value);
  if (from.length > 0) {
    for (const g of from) generators.add(g);
    return undefined;
  }
  if (!isUnknown(value)) return 'is written in the code (a literal, a default or a tfvars value)';
  return `is ${shown(value)}, not a random_password`;
}
