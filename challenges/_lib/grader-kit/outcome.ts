import { MAX_EVIDENCE } from './clip.ts';

/** What a check concludes; the grader turns it into one entry of the platform's result line. */
export interface CheckOutcome {
  readonly passed: boolean;
  /** 0..1; partial credit where a share of the work is done. */
  readonly score: number;
  readonly message: string;
  readonly evidence?: readonly string[];
}

/**
 * A check's outcome: the score clamped to 0..1 and rounded to three decimals, passed only at 1,
 * and at most MAX_EVIDENCE evidence lines (none at all when the list is empty).
 */
export function outcome(score: number, message: string, evidence: readonly string[] = []): CheckOutcome {
  const rounded = Math.round(Math.min(1, Math.max(0, score)) * 1000) / 1000;
  const result = { passed: rounded === 1, score: rounded, message };
  return evidence.length > 0 ? { ...result, evidence: evidence.slice(0, MAX_EVIDENCE) } : result;
}

/** A failed outcome with no score, used when the work cannot be graded at all. */
export function failed(message: string): CheckOutcome {
  return { passed: false, score: 0, message };
}
