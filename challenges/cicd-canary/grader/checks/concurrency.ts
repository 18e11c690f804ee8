import type { TemplateToken } from '@actions/workflow-parser/templates/tokens/template-token';
import type { Check } from '../check.ts';
import { outcome } from '../check.ts';
import type { Contexts } from '../expressions.ts';
import { asText, evaluate, isTruthy } from '../expressions.ts';
import { githubContext } from '../github.ts';
import type { Grading } from '../grading.ts';
import { productionJobs } from '../production-jobs.ts';
import { touchesProduction } from '../roles.ts';
import { asMapping, field, lineOf, scalarOf } from '../tokens.ts';

interface Group {
  /** The group's name on a push to main, when it is the same for every run; undefined otherwise. */
  readonly name: string | undefined;
  readonly cancels: boolean;
  readonly problem: string | undefined;
}

/**
 * R6. Each workflow that changes production has a workflow-level `concurrency` group that is the
 * same for every push to main (evaluated for two runs that differ in sha, run id and actor), without
 * `cancel-in-progress`, and all such workflows share the group. Job-level groups on every production
 * job earn half: a second run can then slip its canary between the first run's canary and promotion.
 * Cancelling a run in progress halves the score: it can stop a deploy halfway.
 */
export const concurrencyCheck: Check = {
  id: 'one-deployment-at-a-time',
  judge(grading) {
    if (grading.missing) return outcome(0, grading.missing);
    const jobs = productionJobs(grading);
    const workflows = [...new Set(jobs.map((j) => j.trace.workflow))];
    const findings: string[] = [];
    const names = new Set<string | undefined>();
    let score = 1;
    for (const workflow of workflows) {
      const own = field(workflow.root, 'concurrency');
      const group = own ? groupOf(own, workflowContexts) : undefined;
      if (group?.name !== undefined) {
        names.add(group.name);
        if (group.cancels) {
          score = Math.min(score, 0.5);
          findings.push(
            `${workflow.file} line ${lineOf(own)}: cancel-in-progress would stop a deploy halfway`,
          );
        }
        continue;
      }
      if (group?.problem) findings.push(`${workflow.file} line ${lineOf(own)}: ${group.problem}`);
      const perJob = jobs
        .filter((j) => j.trace.workflow === workflow)
        .map((j) => groupOf(field(j.run.job.raw, 'concurrency'), jobContexts));
      const jobNames = new Set(perJob.map((g) => g?.name));
      if (perJob.every((g) => g?.name !== undefined && !g.cancels) && jobNames.size === 1) {
        score = Math.min(score, 0.5);
        findings.push(
          `${workflow.file}: only the jobs are in a concurrency group, so two pipelines can interleave`,
        );
        for (const name of jobNames) names.add(name);
      } else {
        score = 0;
        if (!own) findings.push(`${workflow.file}: the workflow has no concurrency group`);
      }
    }
    const split = chainedRelease(grading);
    if (split && score > 0) {
      score = Math.min(score, 0.5);
      findings.push(split);
    }
    if (names.size > 1 && score > 0) {
      score = Math.min(score, 0.5);
      findings.push(
        'The workflows that change production use different concurrency groups, so they can overlap.',
      );
    }
    const message =
      score === 1
        ? 'Production deployments run one at a time: one concurrency group for every push, nothing cancelled.'
        : 'Two pushes to main can deploy production at the same time, or a deploy can be cancelled halfway.';
    return outcome(score, message, findings);
  },
};

/**
 * A release split over workflows chained by workflow_run is two runs, each queued on its own: a
 * newer push's canary can run between this push's canary and its promotion, whatever the groups.
 */
function chainedRelease(grading: Grading): string | undefined {
  const healthy = grading.scenarios.find((s) => !s.testsFail && !s.canaryFails && s.analysis === 'pass');
  if (!healthy) return undefined;
  for (const trace of grading.runs(healthy)) {
    const files = new Set(
      trace.calls
        .filter(touchesProduction)
        .map((c) => (c.job.includes('#') ? c.job.split('#')[0] : trace.workflow.file)),
    );
    if (files.size > 1) {
      return `The release is split over workflows chained by workflow_run (${[...files].join(', ')}): each is queued on its own, so a newer push can deploy its canary between this push's canary and its promotion.`;
    }
  }
  return undefined;
}

const workflowContexts = (run: 0 | 1): Contexts => ({ github: githubContext(run), inputs: {}, vars: {} });
const jobContexts = (run: 0 | 1): Contexts => ({
  ...workflowContexts(run),
  needs: {},
  matrix: {},
  strategy: {},
});

function groupOf(token: TemplateToken | undefined, contexts: (run: 0 | 1) => Contexts): Group | undefined {
  if (!token) return undefined;
  const mapping = asMapping(token);
  const groupToken = mapping ? field(mapping, 'group') : token;
  const [first, second] = ([0, 1] as const).map((run) => text(groupToken, contexts(run)));
  const cancels = [0, 1].some((run) =>
    truth(mapping ? field(mapping, 'cancel-in-progress') : undefined, contexts(run as 0 | 1)),
  );
  if (first === undefined || first === '')
    return { name: undefined, cancels, problem: 'the concurrency group is empty or cannot be evaluated' };
  if (first !== second) {
    return {
      name: undefined,
      cancels,
      problem: `the concurrency group changes with every run ("${first}" then "${second}")`,
    };
  }
  return { name: first, cancels, problem: undefined };
}

function text(token: TemplateToken | undefined, contexts: Contexts): string | undefined {
  const scalar = scalarOf(token);
  if (!scalar) return undefined;
  if ('literal' in scalar) return scalar.literal === null ? undefined : String(scalar.literal);
  const evaluation = evaluate(scalar.expression, contexts);
  return evaluation.ok ? asText(evaluation.value) : undefined;
}

function truth(token: TemplateToken | undefined, contexts: Contexts): boolean {
  const scalar = scalarOf(token);
  if (!scalar) return false;
  if ('literal' in scalar) return scalar.literal === true || scalar.literal === 'true';
  const evaluation = evaluate(scalar.expression, contexts);
  return evaluation.ok && isTruthy(evaluation.value);
}
