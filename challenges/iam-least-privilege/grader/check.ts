import type { AsyncCheck } from '../../_lib/grader-kit/check.ts';
import type { SearchResult } from './confine/search.ts';
import type { Evaluator } from './simulate.ts';
import type { Statement } from './statements.ts';

export type { CheckOutcome } from '../../_lib/grader-kit/outcome.ts';
export { outcome } from '../../_lib/grader-kit/outcome.ts';

/** What the checks judge: a policy AWS would accept, and the simulator's answers about it. */
export interface Grading {
  readonly policy: unknown;
  readonly evaluator: Evaluator;
  readonly statements: readonly Statement[];
  /** The exhaustive search for forbidden requests the policy allows, run once per grading. */
  search(): Promise<SearchResult>;
  /** The line of policy.json where a statement starts. */
  lineOf(statement: Statement): number;
}

/** An IAM check: asks the simulator about the policy. */
export type Check = AsyncCheck<Grading>;
