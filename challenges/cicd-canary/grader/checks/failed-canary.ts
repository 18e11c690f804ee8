import type { Check } from '../check.ts';
import { outcome } from '../check.ts';
import { describeCall } from '../roles.ts';
import { cannotJudge, factsOf, overScenarios } from './behaviour.ts';

/**
 * R4. Runs the pipeline through every generated scenario where the canary deploy itself fails
 * (exit 1), whatever a later analysis would say: nothing may then change all of production, because
 * the analysis of a canary that never deployed measures the old release.
 */
export const failedCanaryCheck: Check = {
  id: 'failed-canary-stops',
  judge(grading) {
    const blocked = cannotJudge(grading);
    if (blocked) return outcome(0, blocked);
    const broken = grading.scenarios.filter((s) => s.canaryFails).map((s) => factsOf(grading, s));
    const deploys = overScenarios(broken, '', (f) => (f.canaries.length > 0 ? undefined : []));
    if (!deploys.holds) {
      return outcome(0, 'A push to main does not deploy a canary, so there is no canary failure to survive.');
    }
    const untouched = overScenarios(
      broken,
      'When the canary deploy fails, production is still changed: a failed canary must stop the release.',
      (f) => (f.promotions.length === 0 ? undefined : f.promotions.map(describeCall)),
    );
    if (!untouched.holds) return outcome(0, untouched.failure, untouched.evidence);
    return outcome(
      1,
      `In all ${broken.length} scenarios where the canary deploy fails, production is left as it is.`,
    );
  },
};
