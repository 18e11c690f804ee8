import type { Check, CheckOutcome } from './check.ts';
import type { GradingOptions } from './grading.ts';
import { createGrading } from './grading.ts';
import type { Diagnostic } from './workspace.ts';
import { loadWorkspace } from './workspace.ts';

/** The result line's JSON, as the platform's graderOutputSchema describes it. */
export interface GraderOutput {
  checks: { id: string; passed: boolean; score: number; message: string; evidence?: string[] }[];
  diagnostics?: Diagnostic[];
}

// The platform's schema caps these; clipping here keeps a long finding from becoming a grader error.
const MAX_MESSAGE = 2000;
const MAX_EVIDENCE_ITEM = 500;

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
    const where = `${problem.file}${problem.line > 0 ? ` line ${problem.line}` : ''}`;
    const detail = problem.message.replace(/\.$/, '');
    const message = `Not graded: ${where}: ${detail}. Fix it and run the checks again.`;
    return {
      checks: checks.map((c) => present(c.id, failed(message))),
      diagnostics: [...workspace.diagnostics],
    };
  }
  const grading = createGrading(workspace, options);
  if (!grading) {
    const message = 'Not graded: there are no .tf files at the top level of the workspace.';
    return { checks: checks.map((c) => present(c.id, failed(message))) };
  }
  return { checks: checks.map((check) => present(check.id, check.judge(grading))) };
}

/**
 * The body of a grader's `grade.ts`: grades the folder named on the command line and prints one line,
 * the verdict marker followed by the JSON result. Exit 0 whenever the files could be judged; a crash
 * exits 1 and the platform reports a grader error.
 */
export async function printVerdict(grade: (dir: string) => Promise<GraderOutput>): Promise<void> {
  const workspace = process.argv[2] ?? '/workspace';
  const marker = process.env.GAUNTLET_VERDICT_MARKER || 'GAUNTLET_VERDICT:';
  try {
    const result = await grade(workspace);
    process.stdout.write(`${marker}${JSON.stringify(result)}\n`);
  } catch (error) {
    process.stderr.write(`grader error: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 1;
  }
}

function failed(message: string): CheckOutcome {
  return { passed: false, score: 0, message };
}

function present(id: string, result: CheckOutcome): GraderOutput['checks'][number] {
  const entry = {
    id,
    passed: result.passed,
    score: result.score,
    message: clip(result.message, MAX_MESSAGE),
  };
  const evidence = result.evidence?.map((e) => clip(e, MAX_EVIDENCE_ITEM));
  return evidence && evidence.length > 0 ? { ...entry, evidence } : entry;
}

function clip(text: string, limit: number): string {
  return text.length > limit ? `${text.slice(0, limit - 1)}…` : text;
}
