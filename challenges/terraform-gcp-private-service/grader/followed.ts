import type { Check } from '../../_lib/hcl/check.ts';
import { outcome } from '../../_lib/hcl/check.ts';

/**
 * A check of the resulting state can only pass when the grader sees all of it. A module it cannot
 * read (a registry or git source, which CI cannot fetch anyway) or a resource whose count or
 * for_each is known only at apply could create anything, so the check fails and says which.
 */
export function seeingEverything(check: Check): Check {
  return {
    id: check.id,
    judge(grading) {
      const { blind } = grading.inventory();
      if (blind.length === 0) return check.judge(grading);
      return outcome(
        0,
        'Part of the configuration cannot be followed before apply (a module outside the workspace, or a count or for_each known only at apply), so the grader cannot show that what it creates meets the brief.',
        blind,
      );
    },
  };
}
