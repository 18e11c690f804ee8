import type { AlertRule } from './rules.ts';
import type { Observation } from './unit-test.ts';

/** What the checks judge: the alerting rules as written, and what they did in every scenario. */
export interface Grading {
  readonly alerts: readonly AlertRule[];
  /** By scenario id; every scenario of scenarios.ts is present. */
  readonly observations: ReadonlyMap<string, Observation>;
}

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
  return evidence.length > 0 ? { ...result, evidence: evidence.slice(0, MAX_EVIDENCE) } : result;
}

export function share(part: number, whole: number): number {
  return whole === 0 ? 0 : part / whole;
}
