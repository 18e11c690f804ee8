import type { Evaluator } from './simulate.ts';

/** What the checks judge: a policy AWS would accept, and the simulator's answers about it. */
export interface Grading {
  readonly policy: unknown;
  readonly evaluator: Evaluator;
}

/** What a check concludes; grade-workspace.ts turns it into the platform's result line. */
export interface CheckOutcome {
  readonly passed: boolean;
  /** 0..1; partial credit by the share of requests answered right. */
  readonly score: number;
  readonly message: string;
  readonly evidence?: readonly string[];
}

export interface Check {
  readonly id: string;
  judge(grading: Grading): Promise<CheckOutcome>;
}

const MAX_EVIDENCE = 50;

export function outcome(score: number, message: string, evidence: readonly string[] = []): CheckOutcome {
  const rounded = Math.round(Math.min(1, Math.max(0, score)) * 1000) / 1000;
  const result = { passed: rounded === 1, score: rounded, message };
  return evidence.length > 0 ? { ...result, evidence: evidence.slice(0, MAX_EVIDENCE) } : result;
}
