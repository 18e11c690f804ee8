import type { Check as KitCheck } from '../../_lib/grader-kit/check.ts';
import type { AlertRule } from './rules.ts';
import type { Observation } from './unit-test.ts';

export type { CheckOutcome } from '../../_lib/grader-kit/outcome.ts';
export { outcome } from '../../_lib/grader-kit/outcome.ts';
export { share } from '../../_lib/grader-kit/share.ts';

/** What the checks judge: the alerting rules as written, and what they did in every scenario. */
export interface Grading {
  readonly alerts: readonly AlertRule[];
  /** By scenario id; every scenario of scenarios.ts is present. */
  readonly observations: ReadonlyMap<string, Observation>;
}

/** An alert-rules check: judged against the rules and their replays. */
export type Check = KitCheck<Grading>;
