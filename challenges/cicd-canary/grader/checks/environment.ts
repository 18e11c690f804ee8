import type { TemplateToken } from '@actions/workflow-parser/templates/tokens/template-token';
import type { Check } from '../check.ts';
import { outcome, share } from '../check.ts';
import { asText, evaluate } from '../expressions.ts';
import { githubContext } from '../github.ts';
import { productionJobs } from '../production-jobs.ts';
import { PRODUCTION } from '../roles.ts';
import { asMapping, field, scalarOf } from '../tokens.ts';

/**
 * R5. Every job that changes production declares `environment: production` (the name as a string, or
 * `name:` in the mapping form; an expression counts when it evaluates to production on a push to
 * main). GitHub's environment names are case-insensitive.
 */
export const environmentCheck: Check = {
  id: 'production-environment',
  judge(grading) {
    if (grading.missing) return outcome(0, grading.missing);
    const jobs = productionJobs(grading);
    const findings: string[] = [];
    for (const { workflow, job } of jobs) {
      const environment = job.job.type === 'job' ? job.job.environment : undefined;
      const name = environmentName(environment);
      if (name?.toLowerCase() !== PRODUCTION) {
        const found = name === undefined ? 'no environment' : `environment "${name}"`;
        findings.push(
          `${workflow.file}: job "${job.id}" (line ${job.line}) changes production but has ${found}`,
        );
      }
    }
    const score = share(jobs.length - findings.length, jobs.length);
    const message =
      score === 1
        ? 'Every job that changes production runs in the production environment.'
        : 'Some jobs change production outside the production environment, so its protection rules do not apply.';
    return outcome(score, message, findings);
  },
};

function environmentName(token: TemplateToken | undefined): string | undefined {
  const nameToken = asMapping(token) ? field(token, 'name') : token;
  const scalar = scalarOf(nameToken);
  if (!scalar) return undefined;
  if ('literal' in scalar) return scalar.literal === null ? undefined : String(scalar.literal);
  const evaluation = evaluate(scalar.expression, {
    github: githubContext(),
    vars: {},
    inputs: {},
    needs: {},
  });
  return evaluation.ok ? asText(evaluation.value) : undefined;
}
