import type { PracticeCheckRun } from '../contract/practice.ts';
import type { GradingOutcome } from '../scoring/types.ts';

/**
 * A practice check as the candidate sees it: the visible checks' verdicts and messages, never a
 * score, evidence or a hidden check (the same rule as a check run of the assessment).
 */
export function presentPracticeCheck(outcome: GradingOutcome, ranAt: Date): PracticeCheckRun {
  if (outcome.kind !== 'judged')
    return { ranAt: ranAt.toISOString(), checks: [], error: `The check could not run: ${outcome.error}` };
  return {
    ranAt: ranAt.toISOString(),
    checks: outcome.checks
      .filter((c) => c.visible)
      .map((c) => ({ id: c.id, title: c.title, passed: c.passed, message: c.message })),
    error: null,
  };
}
