import type { Check } from '../check.ts';
import { conditions, outcome } from '../check.ts';
import { describeCall } from '../roles.ts';
import { expected } from '../scenario.ts';
import { cannotJudge, factsOf, overScenarios } from './behaviour.ts';

/**
 * R3. Runs the pipeline through every generated scenario where the canary deploys but its analysis
 * does not pass (it fails with verdict=fail, or errors without a verdict, at any duration): nothing
 * may promote, and a rollback must run after the analysis. Half the score each, once the analysis
 * runs after the canary at all.
 */
export const rollbackCheck: Check = {
  id: 'rollback-on-failed-analysis',
  judge(grading) {
    const blocked = cannotJudge(grading);
    if (blocked) return outcome(0, blocked);
    const bad = grading.scenarios
      .filter((s) => !s.testsFail && !s.canaryFails && s.analysis !== 'pass')
      .map((s) => factsOf(grading, s));
    const unhealthy = bad.filter((f) => expected(f.scenario).rollback === true);
    const analysed = overScenarios(unhealthy, '', (f) => (f.analyses.length > 0 ? undefined : []), {
      explainMissing: true,
    });
    if (!analysed.holds) {
      return outcome(
        0,
        `No canary analysis runs after the canary deploy, so a bad canary is never caught.${analysed.failure}`,
        analysed.evidence,
      );
    }
    return conditions(
      [
        overScenarios(bad, 'When the canary analysis does not pass, production is still promoted.', (f) =>
          f.promotions.length === 0 ? undefined : f.promotions.map(describeCall),
        ),
        overScenarios(
          unhealthy,
          'When the canary analysis does not pass, nothing rolls the canary back (./scripts/deploy.sh production --rollback) after it.',
          (f) => (f.rollbacksAfterAnalysis.length > 0 ? undefined : f.rollbacks.map(describeCall)),
          { explainMissing: true },
        ),
      ],
      `In all ${unhealthy.length} scenarios where the analysis fails or errors, the pipeline rolls the canary back and does not promote.`,
    );
  },
};
