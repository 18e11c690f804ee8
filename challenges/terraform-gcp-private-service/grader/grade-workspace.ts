import type { Check } from '../../_lib/hcl/check.ts';
import type { GraderOutput } from '../../_lib/hcl/verdict.ts';
import { gradeTerraform } from '../../_lib/hcl/verdict.ts';
import { adminPortsCheck } from './checks/admin-ports.ts';
import { basicRolesCheck } from './checks/basic-roles.ts';
import { databaseHardenedCheck } from './checks/database-hardened.ts';
import { databasePrivateCheck } from './checks/database-private.ts';
import { identityCheck } from './checks/identity.ts';
import { labelsCheck } from './checks/labels.ts';
import { leastPrivilegeCheck } from './checks/least-privilege.ts';
import { networkCheck } from './checks/network.ts';
import { passwordCheck } from './checks/password.ts';
import { serviceCheck } from './checks/service.ts';
import { plannable } from './plannable.ts';

export type { GraderOutput } from '../../_lib/hcl/verdict.ts';

/** In challenge.yaml order; a test holds the two lists equal. */
export const CHECKS: readonly Check[] = [
  plannable(networkCheck),
  plannable(databasePrivateCheck),
  plannable(databaseHardenedCheck),
  plannable(serviceCheck),
  plannable(identityCheck),
  plannable(leastPrivilegeCheck),
  plannable(basicRolesCheck),
  plannable(passwordCheck),
  plannable(adminPortsCheck),
  plannable(labelsCheck),
];

/**
 * Grades the Terraform files under `dir`. Pure apart from reading the files: the same files always
 * give the same result. Throws only on a grader bug, which the platform reports as a grader error.
 */
export function gradeWorkspace(dir: string): Promise<GraderOutput> {
  return gradeTerraform(dir, CHECKS);
}
