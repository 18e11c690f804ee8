import type { Check } from '../../../_lib/hcl/check.ts';
import { outcome, worstOverScenarios } from '../../../_lib/hcl/check.ts';
import type { Inventory } from '../../../_lib/hcl/inventory.ts';
import type { Value } from '../../../_lib/hcl/values.ts';
import { isUnknown, reasonOf } from '../../../_lib/hcl/values.ts';
import { grantsOf } from '../grants.ts';
import { shown } from '../model.ts';

const BASIC = ['roles/owner', 'roles/editor', 'roles/viewer'];
/** A custom role created here (its id is known after apply) is never a basic role. */
const CUSTOM_ROLE = /(^|\.)google_(project|organization)_iam_custom_role\.[^.]+$/;

/**
 * R7. No IAM resource of any kind grants a basic role to anyone; a role the grader cannot evaluate
 * (an input, a policy it cannot read) could be one. All or nothing, worst scenario.
 */
export const basicRolesCheck: Check = {
  id: 'no-basic-roles',
  judge: (grading) => worstOverScenarios(grading, judgeInventory),
};

function judgeInventory(inventory: Inventory) {
  const findings: string[] = [];
  for (const grant of grantsOf(inventory)) {
    const members = grant.members.map(shown).join(', ') || 'no members';
    if (isCustomRole(grant.role)) continue;
    if (isUnknown(grant.role))
      findings.push(
        `${grant.where}: role ${shown(grant.role)} could be a basic role (granted to ${members})`,
      );
    else if (typeof grant.role === 'string' && BASIC.includes(grant.role))
      findings.push(`${grant.where}: ${grant.role} is granted to ${members}`);
  }
  return findings.length === 0
    ? outcome(1, 'No basic role is granted anywhere.')
    : outcome(
        0,
        'A basic role (owner, editor, viewer) is granted, or cannot be ruled out; the brief forbids them.',
        findings,
      );
}

/** A reference to a custom role's id, and nothing else (a conditional that might be a basic role is not). */
function isCustomRole(role: Value): boolean {
  return (
    isUnknown(role) &&
    reasonOf(role) === 'computed' &&
    role.origin.length > 0 &&
    role.origin.every((o) => CUSTOM_ROLE.test(o))
  );
}
