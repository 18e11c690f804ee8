import type { Check } from '../check.ts';
import { outcome } from '../check.ts';
import { BROKEN_CANARY } from '../grading.ts';
import { describeCall, isCanary, mayPromote } from '../roles.ts';

/**
 * R4. Runs the push-to-main pipeline with a canary deploy that fails (exit 1). Nothing may then
 * change all of production, even if a later analysis would pass: the analysis of a canary that never
 * deployed measures the old release.
 */
export const failedCanaryCheck: Check = {
  id: 'failed-canary-stops',
  judge(grading) {
    if (grading.missing) return outcome(0, grading.missing);
    const runs = grading.runs(BROKEN_CANARY);
    if (!runs.some((t) => t.calls.some(isCanary))) {
      return outcome(0, 'A push to main does not deploy a canary, so there is no canary failure to survive.');
    }
    const promotions = runs.flatMap((t) => t.calls.filter(mayPromote));
    if (promotions.length > 0) {
      return outcome(
        0,
        'When the canary deploy fails, production is still changed: a failed canary must stop the release.',
        promotions.map(describeCall),
      );
    }
    return outcome(1, 'When the canary deploy fails, production is left as it is.');
  },
};
