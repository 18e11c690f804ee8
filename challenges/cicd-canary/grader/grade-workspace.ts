import { whereOf } from '../../_lib/grader-kit/diagnostic.ts';
import type { GraderOutput } from '../../_lib/grader-kit/result.ts';
import { failAll, judgeAll } from '../../_lib/grader-kit/result.ts';
import type { Check } from './check.ts';
import { concurrencyCheck } from './checks/concurrency.ts';
import { environmentCheck } from './checks/environment.ts';
import { failedCanaryCheck } from './checks/failed-canary.ts';
import { permissionsCheck } from './checks/permissions.ts';
import { pinningCheck } from './checks/pinning.ts';
import { promotionCheck } from './checks/promotion.ts';
import { rollbackCheck } from './checks/rollback.ts';
import { createGrading } from './grading.ts';
import { loadLocalActions } from './local-actions.ts';
import { calledWorkflowProblems } from './reusable.ts';
import { changedScripts } from './scripts.ts';
import { parseWorkflows } from './workflow.ts';
import { readWorkflowSources, WORKFLOWS_DIR } from './workspace.ts';

export type { GraderOutput } from '../../_lib/grader-kit/result.ts';

/** In challenge.yaml order; a test holds the two lists equal. */
export const CHECKS: readonly Check[] = [
  promotionCheck,
  rollbackCheck,
  failedCanaryCheck,
  environmentCheck,
  concurrencyCheck,
  pinningCheck,
  permissionsCheck,
];

/**
 * Grades the GitHub Actions workflows under `dir`/.github/workflows. Pure apart from reading the
 * files: the same files always give the same result. Throws only on a grader bug, which the platform
 * reports as a grader error.
 */
export async function gradeWorkspace(dir: string): Promise<GraderOutput> {
  const sources = await readWorkflowSources(dir);
  const parsed = await parseWorkflows(sources.files);
  const loaded = await loadLocalActions(dir, parsed.workflows);
  const diagnostics = [
    ...sources.diagnostics,
    ...parsed.diagnostics,
    ...calledWorkflowProblems(parsed.workflows),
    ...loaded.diagnostics,
  ].slice(0, 50);
  const [problem] = diagnostics;
  if (problem) {
    const detail = problem.message.replace(/\.$/, '');
    const message = `Not graded: ${whereOf(problem)}: ${detail}. GitHub would not run this workflow; fix it and run the checks again.`;
    return { checks: failAll(CHECKS, message), diagnostics };
  }
  if (parsed.workflows.length === 0) {
    const message = `Not graded: there is no workflow (.yml or .yaml) in ${WORKFLOWS_DIR}.`;
    return { checks: failAll(CHECKS, message) };
  }
  const grading = createGrading(parsed.workflows, loaded.actions, await changedScripts(dir));
  return { checks: judgeAll(CHECKS, grading) };
}
