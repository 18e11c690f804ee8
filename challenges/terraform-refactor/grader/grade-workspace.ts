import type { Check } from '../../_lib/hcl/check.ts';
import type { GraderOutput } from '../../_lib/hcl/verdict.ts';
import { gradeTerraform } from '../../_lib/hcl/verdict.ts';
import { copyPasteCheck } from './checks/copy-paste.ts';
import { credentialsCheck } from './checks/credentials.ts';
import { infrastructureCheck } from './checks/infrastructure.ts';
import { movedCheck } from './checks/moved.ts';
import { outputsCheck } from './checks/outputs.ts';
import { regionCheck } from './checks/region.ts';
import { s3EncryptionCheck, s3PublicAccessCheck } from './checks/s3.ts';
import { sshCheck } from './checks/ssh.ts';
import { tagsCheck } from './checks/tags.ts';
import { tfvarsCheck } from './checks/tfvars.ts';
import { variablesCheck } from './checks/variables.ts';
import { webModuleCheck } from './checks/web-module.ts';

export type { GraderOutput } from '../../_lib/hcl/verdict.ts';

/** In challenge.yaml order; a test holds the two lists equal. */
export const CHECKS: readonly Check[] = [
  credentialsCheck,
  regionCheck,
  tfvarsCheck,
  infrastructureCheck,
  webModuleCheck,
  copyPasteCheck,
  sshCheck,
  s3EncryptionCheck,
  s3PublicAccessCheck,
  variablesCheck,
  outputsCheck,
  tagsCheck,
  movedCheck,
];

/**
 * Grades the Terraform files under `dir`. Pure apart from reading the files: the same files always
 * give the same result. Throws only on a grader bug, which the platform reports as a grader error.
 */
export function gradeWorkspace(dir: string): Promise<GraderOutput> {
  return gradeTerraform(dir, CHECKS);
}
