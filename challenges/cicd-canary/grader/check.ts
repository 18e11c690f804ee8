import type { Check as KitCheck } from '../../_lib/grader-kit/check.ts';
import type { CheckOutcome } from '../../_lib/grader-kit/outcome.ts';
import { outcome as kitOutcome } from '../../_lib/grader-kit/outcome.ts';
import type { Grading } from './grading.ts';

export type { CheckOutcome } from '../../_lib/grader-kit/outcome.ts';

/** A pipeline check: judged against the simulated workflow runs. */
export type Check = KitCheck<Grading>;

/** The kit's outcome, with repeated evidence lines kept once. */
export function outcome(score: number, message: string, evidence: readonly string[] = []): CheckOutcome {
  return kitOutcome(score, message, [...new Set(evidence)]);
}

/**
 * `part / whole`, where nothing to judge (`whole` 0) counts as all done: for "every X that exists
 * is right" (no unpinned action when there is no action). The kit's `share` gives 0 instead.
 */
export function shareOrAll(part: number, whole: number): number {
  return whole === 0 ? 1 : part / whole;
}

/**
 * Scores a list of conditions, each worth the same, and words the message from the ones that fail.
 * `passing` is the message when every condition holds.
 */
export function conditions(
  list: readonly {
    readonly holds: boolean;
    readonly failure: string;
    readonly evidence?: readonly string[];
  }[],
  passing: string,
): CheckOutcome {
  const failing = list.filter((c) => !c.holds);
  if (failing.length === 0) return outcome(1, passing);
  const message = failing.map((c) => c.failure).join(' ');
  return outcome(
    shareOrAll(list.length - failing.length, list.length),
    message,
    failing.flatMap((c) => c.evidence ?? []),
  );
}
