/** Grades mutants a few at a time and turns each grading into a verdict for the kill rate. */
import type { GradingOutcome } from '../../server/scoring/types.ts';
import type { MutantResult, MutantVerdict } from './summary.ts';
import type { Mutant, SubmissionFile } from './types.ts';

/** Grades one submission the way the platform does (see sandbox-grader.ts for the real one). */
export type GradeSubmission = (files: SubmissionFile[]) => Promise<GradingOutcome>;

/** A mutant is killed when it loses points: any score below 100. */
export function verdictOf(outcome: GradingOutcome): MutantVerdict {
  switch (outcome.kind) {
    case 'grader_error':
      return { kind: 'grader_error', error: outcome.error };
    case 'infrastructure_error':
      return { kind: 'infrastructure_error', error: outcome.error };
    case 'judged':
      return outcome.score < 100
        ? { kind: 'killed', score: outcome.score, failed: failedChecks(outcome) }
        : { kind: 'survived', score: outcome.score, passed: outcome.checks.map((c) => c.id) };
  }
}

const failedChecks = (outcome: Extract<GradingOutcome, { kind: 'judged' }>) =>
  outcome.checks.filter((c) => !c.passed || c.score < 1).map((c) => c.id);

/** Maps `fn` over `items` with at most `concurrency` calls in flight; results keep the input order. */
export async function mapBounded<T, R>(
  items: readonly T[],
  concurrency: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker));
  return results;
}

/** A grading that throws (a refused file, a lost engine) becomes an outcome, so one mutant cannot end the run. */
async function gradeSafely(grade: GradeSubmission, files: SubmissionFile[]): Promise<GradingOutcome> {
  try {
    return await grade(files);
  } catch (error) {
    return { kind: 'infrastructure_error', error: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * Grades the files; a grading that ends in an error is graded once more before it counts: on a
 * busy machine a grader can run past its time limit, or the engine can hiccup, without a bug. An
 * error that repeats is a grader bug (or a lasting outage) and is returned.
 */
export async function gradeWithRetry(
  grade: GradeSubmission,
  files: SubmissionFile[],
): Promise<GradingOutcome> {
  const first = await gradeSafely(grade, files);
  return first.kind === 'judged' ? first : gradeSafely(grade, files);
}

export interface GradeMutantsOptions {
  concurrency: number;
  /** Called after each mutant with how many are done; the CLI prints a progress line. */
  progress?: (done: number, total: number, result: MutantResult) => void;
}

/**
 * Grades every mutant, `concurrency` at a time, each with one retry on an error (gradeWithRetry).
 */
export async function gradeMutants(
  mutants: readonly Mutant[],
  grade: GradeSubmission,
  options: GradeMutantsOptions,
): Promise<MutantResult[]> {
  let done = 0;
  return mapBounded(mutants, options.concurrency, async (mutant) => {
    const outcome = await gradeWithRetry(grade, mutant.files);
    const result: MutantResult = {
      id: mutant.id,
      operator: mutant.operator,
      description: mutant.description,
      verdict: verdictOf(outcome),
    };
    options.progress?.(++done, mutants.length, result);
    return result;
  });
}
