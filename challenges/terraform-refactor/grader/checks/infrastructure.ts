import type { Check } from '../../../_lib/hcl/check.ts';
import { outcome } from '../../../_lib/hcl/check.ts';
import { countByType } from '../../../_lib/hcl/inventory.ts';
import { starterCounts } from '../starter.ts';

/**
 * R3. Counts resource instances per type across the root and local modules, expanding count and
 * for_each with the values a plain `terraform plan` would use. The refactor must declare at least as
 * many of each kind as the starter. A count the grader cannot evaluate earns no credit.
 */
export const infrastructureCheck: Check = {
  id: 'infrastructure-preserved',
  judge(grading) {
    const inventory = grading.inventory();
    const counts = countByType(inventory);
    const findings: string[] = [];
    let expectedTotal = 0;
    let credit = 0;
    for (const [type, expected] of starterCounts()) {
      expectedTotal += expected;
      const actual = counts.get(type) ?? 0;
      if (actual === null) {
        findings.push(`${type}: the number of instances cannot be evaluated (expected ${expected})`);
        continue;
      }
      credit += Math.min(actual, expected);
      if (actual < expected) findings.push(`${type}: ${actual} instance(s), the stack has ${expected}`);
    }
    const score = credit / expectedTotal;
    const message =
      score === 1
        ? 'Every resource of the original stack is still declared.'
        : `The refactor declares fewer resources than the stack manages (${credit} of ${expectedTotal}).`;
    return outcome(score, message, [...findings, ...inventory.blind]);
  },
};
