import type { Check } from '../check.ts';
import { conditions, outcome } from '../check.ts';
import type { Grading } from '../grading.ts';
import { describeCall, isCanary, mayPromote } from '../roles.ts';
import { expected } from '../scenario.ts';
import { cannotJudge, factsOf, overScenarios } from './behaviour.ts';

/**
 * R1, R2. Runs the push-to-main pipeline through every generated scenario. Where the oracle says
 * promote (the canary deploys and its analysis passes): a canary deploy runs, the analysis runs after
 * it (a later step of the same job, or a job that needs the canary's job), a promotion runs after the
 * passing analysis, and nothing rolls back. Where the tests fail, and for code that is not on main (a
 * pull request, a push to another branch, a manual run from another branch): nothing deploys a canary or
 * all of production. In every scenario: nothing changes all of production but a promotion after a
 * passed analysis. One seventh of the score per condition.
 */
export const promotionCheck: Check = {
  id: 'promotes-after-analysis',
  judge(grading) {
    const blocked = cannotJudge(grading);
    if (blocked) return outcome(0, blocked);
    const all = grading.scenarios.map((s) => factsOf(grading, s));
    const healthy = all.filter((f) => expected(f.scenario).promote === true);
    return conditions(
      [
        overScenarios(
          healthy,
          'A push to main does not deploy a canary (./scripts/deploy.sh production --canary).',
          (f) => (f.canaries.length > 0 ? undefined : []),
          { explainMissing: true },
        ),
        overScenarios(
          healthy,
          'The canary is not analysed (./scripts/analyze-canary.sh) after it is deployed.',
          (f) => (f.analyses.length > 0 ? undefined : []),
          { explainMissing: true },
        ),
        overScenarios(
          healthy,
          'Production is not promoted (./scripts/deploy.sh production --promote) after the canary analysis passes.',
          (f) => (f.gatedPromotions.length > 0 ? undefined : f.analyses.map(describeCall)),
          { explainMissing: true },
        ),
        overScenarios(healthy, 'The pipeline rolls back even though the canary analysis passed.', (f) =>
          f.rollbacks.length === 0 ? undefined : f.rollbacks.map(describeCall),
        ),
        overScenarios(
          all.filter((f) => expected(f.scenario).canary === false),
          'When the tests fail, the pipeline still deploys to production.',
          (f) => {
            const touched = [...f.canaries, ...f.promotions];
            return touched.length === 0 ? undefined : touched.map(describeCall);
          },
        ),
        otherEvents(grading),
        overScenarios(
          all,
          'Something deploys all of production other than a promotion (./scripts/deploy.sh production --promote) after a passed canary analysis.',
          (f) => (f.ungated.length === 0 ? undefined : f.ungated.map(describeCall)),
        ),
      ],
      `In all ${all.length} scenarios, a healthy canary is deployed, analysed and then promoted, and nothing reaches all of production without a passed analysis.`,
    );
  },
};

/** R1: for a pull request, a push to another branch or a manual run from one, nothing deploys to production. */
function otherEvents(grading: Grading): { holds: boolean; failure: string; evidence: string[] } {
  for (const { event, trace } of grading.otherEvents()) {
    const deploys = trace.calls.filter((c) => isCanary(c) || mayPromote(c));
    if (deploys.length > 0) {
      return {
        holds: false,
        failure: `${event} deploys to production: only code on main, through the push-to-main pipeline, may deploy a canary or all of production.`,
        evidence: deploys.map(describeCall).slice(0, 8),
      };
    }
  }
  return { holds: true, failure: '', evidence: [] };
}
