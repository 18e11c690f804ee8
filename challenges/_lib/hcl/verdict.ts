import { whereOf } from '../grader-kit/diagnostic.ts';
import type { GraderOutput } from '../grader-kit/result.ts';
import { failAll, judgeAll } from '../grader-kit/result.ts';
import type { Check } from './check.ts';
import type { GradingOptions } from './grading.ts';
import { createGrading } from './grading.ts';
import { loadWorkspace } from './workspace.ts';

export type { GraderOutput } from '../grader-kit/result.ts';

/**
 * Grades the Terraform files under `dir` with `checks`, one result per check in their order. Pure
 * apart from reading the files: the same files always give the same result. A file that cannot be
 * parsed is a diagnostic, and every check fails pointing at it. Throws only on a grader bug, which
 * the platform reports as a grader error.
 */
export async function gradeTerraform(
  dir: string,
  checks: readonly Check[],
  options: GradingOptions = {},
): Promise<GraderOutput> {
  const workspace = await loadWorkspace(dir);
  const [problem] = workspace.diagnostics;
  if (problem) {
    const detail = problem.message.replace(/\.$/, '');
    const message = `Not graded: ${whereOf(problem)}: ${detail}. Fix it and run the checks again.`;
    return { checks: failAll(checks, message), diagnostics: [...workspace.diagnostics] };
  }
  const grading = createGrading(workspace, options);
  if (!grading) {
    return {
      checks: failAll(checks, 'Not graded: there are no .tf files at the top level of the workspace.'),
    };
  }
  return { checks: judgeAll(checks, grading) };
}
