import type { AsyncCheck } from '../../_lib/grader-kit/check.ts';
import type { Evaluator } from './simulate.ts';

export type { CheckOutcome } from '../../_lib/grader-kit/outcome.ts';
export { outcome } from '../../_lib/grader-kit/outcome.ts';

/** What the checks judge: a policy AWS would accept, and the simulator's answers about it. */
export interface Grading {
  readonly policy: unknown;
  readonly evaluator: Evaluator;
}

/** An IAM check: asks the simulator about the policy; partial credit by the share of requests answered right. */
export type Check = AsyncCheck<Grading>;
