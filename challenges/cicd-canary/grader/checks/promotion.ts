import type { Check } from '../check.ts';
import { conditions, outcome } from '../check.ts';
import { HEALTHY } from '../grading.ts';
import {
  describeCall,
  isAnalysis,
  isCanary,
  isPromotion,
  isRollback,
  mayPromote,
  precedes,
} from '../roles.ts';
import type { Call } from '../simulate.ts';

/**
 * R1, R2. Runs the push-to-main pipeline with a healthy canary: a canary deploy runs, the analysis
 * runs after it (a later step of the same job, or a job that needs the canary's job), a promotion
 * runs after the passing analysis, nothing rolls back, and nothing changes all of production without
 * waiting for that analysis. One fifth of the score per condition.
 */
export const promotionCheck: Check = {
  id: 'promotes-after-analysis',
  judge(grading) {
    if (grading.missing) return outcome(0, grading.missing);
    const canaries: Call[] = [];
    const analyses: Call[] = [];
    const promotions: Call[] = [];
    const ungated: Call[] = [];
    const rollbacks: Call[] = [];
    const unfollowed: Call[] = [];
    for (const trace of grading.runs(HEALTHY)) {
      const canary = trace.calls.filter((c) => isCanary(c) && c.status === 0);
      const analysis = trace.calls.filter(
        (n) => isAnalysis(n) && n.status === 0 && canary.some((c) => precedes(trace, c, n)),
      );
      const gated = (p: Call) => analysis.some((n) => precedes(trace, n, p));
      canaries.push(...canary);
      analyses.push(...analysis);
      promotions.push(...trace.calls.filter((p) => isPromotion(p) && gated(p)));
      ungated.push(...trace.calls.filter((p) => mayPromote(p) && !gated(p)));
      rollbacks.push(...trace.calls.filter(isRollback));
      unfollowed.push(...trace.calls.filter((c) => c.call.kind === 'unfollowed'));
    }
    return conditions(
      [
        {
          holds: canaries.length > 0,
          failure: 'A push to main does not deploy a canary (./scripts/deploy.sh production --canary).',
        },
        {
          holds: analyses.length > 0,
          failure: 'The canary is not analysed (./scripts/analyze-canary.sh) after it is deployed.',
        },
        {
          holds: promotions.length > 0,
          failure: 'Production is not promoted after the canary analysis passes.',
          evidence: unfollowed.map(describeCall),
        },
        {
          holds: rollbacks.length === 0,
          failure: 'The pipeline rolls back even though the canary analysis passed.',
          evidence: rollbacks.map(describeCall),
        },
        {
          holds: ungated.length === 0,
          failure: 'Something deploys all of production without waiting for a passed canary analysis.',
          evidence: ungated.map(describeCall),
        },
      ],
      'With a healthy canary, the pipeline deploys the canary, analyses it and then promotes production.',
    );
  },
};
