import type { Check } from '../check.ts';
import { conditions, outcome } from '../check.ts';
import { UNHEALTHY } from '../grading.ts';
import { describeCall, isAnalysis, isCanary, isRollback, mayPromote, precedes } from '../roles.ts';
import type { Call } from '../simulate.ts';

/**
 * R3. Runs the push-to-main pipeline with a canary whose analysis fails (the script exits 1 and
 * writes verdict=fail): nothing may promote, and a rollback must run after the failed analysis.
 * Half the score each, once the analysis runs after the canary at all.
 */
export const rollbackCheck: Check = {
  id: 'rollback-on-failed-analysis',
  judge(grading) {
    if (grading.missing) return outcome(0, grading.missing);
    const failedAnalyses: Call[] = [];
    const rollbacks: Call[] = [];
    const promotions: Call[] = [];
    for (const trace of grading.runs(UNHEALTHY)) {
      const canary = trace.calls.filter((c) => isCanary(c) && c.status === 0);
      const failed = trace.calls.filter((n) => isAnalysis(n) && canary.some((c) => precedes(trace, c, n)));
      failedAnalyses.push(...failed);
      rollbacks.push(
        ...trace.calls.filter((r) => isRollback(r) && failed.some((n) => precedes(trace, n, r))),
      );
      promotions.push(...trace.calls.filter(mayPromote));
    }
    if (failedAnalyses.length === 0) {
      return outcome(0, 'No canary analysis runs after the canary deploy, so a bad canary is never caught.');
    }
    return conditions(
      [
        {
          holds: promotions.length === 0,
          failure: 'When the canary analysis fails, production is still promoted.',
          evidence: promotions.map(describeCall),
        },
        {
          holds: rollbacks.length > 0,
          failure:
            'When the canary analysis fails, nothing rolls the canary back (./scripts/deploy.sh production --rollback).',
        },
      ],
      'When the canary analysis fails, the pipeline rolls the canary back and does not promote.',
    );
  },
};
