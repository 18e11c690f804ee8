import type { Check } from '../check.ts';
import { outcome, shareOrAll } from '../check.ts';
import { productionJobs } from '../production-jobs.ts';
import { PRODUCTION } from '../roles.ts';

/**
 * R5. Every job that changes production, in the workflows a push starts and in the reusable workflows
 * they call, declares `environment: production` (the name as a string, or `name:` in the mapping
 * form; an expression counts when it evaluates to production where the job runs, inputs included).
 * GitHub's environment names are case-insensitive.
 */
export const environmentCheck: Check = {
  id: 'production-environment',
  judge(grading) {
    if (grading.missing) return outcome(0, grading.missing);
    const jobs = productionJobs(grading);
    const findings: string[] = [];
    for (const { run } of jobs) {
      const name = run.environment;
      if (name?.toLowerCase() !== PRODUCTION) {
        const found =
          name === undefined ? 'no environment (or one that cannot be known)' : `environment "${name}"`;
        findings.push(
          `${run.label} changes production but has ${found}; the brief wants environment: production`,
        );
      }
    }
    const score = shareOrAll(jobs.length - findings.length, jobs.length);
    const message =
      score === 1
        ? 'Every job that changes production runs in the production environment.'
        : 'Some jobs change production outside the production environment, so its protection rules do not apply.';
    return outcome(score, message, findings);
  },
};
