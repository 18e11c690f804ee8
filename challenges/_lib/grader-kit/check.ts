import type { CheckOutcome } from './outcome.ts';

/** One graded requirement, judged against `G`: whatever the grader computed from the workspace. */
export interface Check<G> {
  readonly id: string;
  judge(grading: G): CheckOutcome;
}

/** A check whose judgement is asynchronous (it asks a simulator, say). */
export interface AsyncCheck<G> {
  readonly id: string;
  judge(grading: G): Promise<CheckOutcome>;
}
