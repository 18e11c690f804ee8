import type { Grading } from './grading.ts';

/** What a check concludes; grade-workspace.ts turns it into the platform's result line. */
export interface CheckOutcome {
  readonly passed: boolean;
  /** 0..1; partial credit where a share of the work is done. */
  readonly score: number;
  readonly message: string;
  readonly evidence?: readonly string[];
}

export interface Check {
  readonly id: string;
  judge(grading: Grading): CheckOutcome;
}

const MAX_EVIDENCE = 50;

export function outcome(score: number, message: string, evidence: readonly string[] = []): CheckOutcome {
  const rounded = Math.round(Math.min(1, Math.max(0, score)) * 1000) / 1000;
  const result = { passed: rounded === 1, score: rounded, message };
  const unique = [...new Set(evidence)];
  return unique.length > 0 ? { ...result, evidence: unique.slice(0, MAX_EVIDENCE) } : result;
}

export function share(part: number, whole: number): number {
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
    share(list.length - failing.length, list.length),
    message,
    failing.flatMap((c) => c.evidence ?? []),
  );
}
