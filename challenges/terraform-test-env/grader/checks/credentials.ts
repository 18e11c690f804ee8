import type { BlockView } from '../../../_lib/hcl/blocks.ts';
import { bodyView } from '../../../_lib/hcl/blocks.ts';
import type { Check } from '../../../_lib/hcl/check.ts';
import { outcome, worstOverScenarios } from '../../../_lib/hcl/check.ts';
import type { Inventory } from '../../../_lib/hcl/inventory.ts';
import type { Value } from '../../../_lib/hcl/values.ts';
import { isUnknown } from '../../../_lib/hcl/values.ts';
import { label } from '../topology.ts';

/** Arguments that hold a secret, by where they appear. */
const PROVIDER_SECRETS = ['access_key', 'secret_key', 'token'];
const DATABASE_SECRETS: Readonly<Record<string, readonly string[]>> = {
  aws_db_instance: ['password'],
  aws_rds_cluster: ['master_password'],
};

/**
 * R9. A credential the grader can evaluate to a string was written in the code: a literal, a
 * variable's default, a local or a tfvars value. One known only at apply (an input CI sets, a
 * generated password, a Secrets Manager read) is where it belongs. Every scenario is judged.
 */
export const credentialsCheck: Check = {
  id: 'no-credentials-in-code',
  judge: (grading) => worstOverScenarios(grading, judgeInventory),
};

function judgeInventory(inventory: Inventory) {
  const findings: string[] = [];
  for (const module of inventory.modules) {
    for (const provider of module.config.providers.filter((p) => p.name === 'aws')) {
      const view = bodyView(provider.body, module.scope);
      for (const name of PROVIDER_SECRETS) {
        if (written(view.get(name))) {
          findings.push(`provider "aws" in ${provider.file}: ${name} is written in the code`);
        }
      }
    }
  }
  for (const resource of inventory.resources) {
    const view = bodyView(resource.block.body, resource.scope);
    const secrets = DATABASE_SECRETS[resource.type];
    if (!secrets) continue;
    for (const name of secrets) {
      if (written(view.get(name))) findings.push(`${label(resource)}: ${name} is written in the code`);
    }
    if (!hasPasswordSource(view, secrets)) {
      findings.push(
        `${label(resource)}: no master password source: set manage_master_user_password = true, or a password generated or read from a secret store`,
      );
    }
  }
  return findings.length === 0
    ? outcome(1, 'No credential is written in the code.')
    : outcome(
        0,
        'A credential is written in the code or its tfvars: the brief wants credentials from CI and database passwords managed by RDS or a secret store.',
        findings,
      );
}

/**
 * Where the master password comes from: RDS manages it, or a value known only at apply (generated,
 * read from a secret store). A member of a cluster, a replica or a restore needs none.
 */
function hasPasswordSource(view: BlockView, secrets: readonly string[]): boolean {
  if (view.get('manage_master_user_password') === true) return true;
  if (
    ['replicate_source_db', 'snapshot_identifier', 'global_cluster_identifier'].some(
      (a) => view.get(a) !== null,
    )
  ) {
    return true;
  }
  return secrets.some((name) => isUnknown(view.get(name)));
}

function written(value: Value): boolean {
  return value !== null && !isUnknown(value) && String(value) !== '';
}
