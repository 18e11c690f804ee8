import type { AttemptRow } from '../queries/attempts.ts';

/** Saving and grading stay open this long past the deadline, for a save that was already on its way. */
export const DEADLINE_GRACE_MS = 30_000;

export type AttemptPhase = 'not_started' | 'in_progress' | 'submitted' | 'expired';

export function attemptPhase(
  attempt: Pick<AttemptRow, 'submittedAt' | 'startedAt' | 'deadlineAt'>,
  now = Date.now(),
): AttemptPhase {
  if (attempt.submittedAt) return 'submitted';
  if (!attempt.startedAt || !attempt.deadlineAt) return 'not_started';
  return attempt.deadlineAt.getTime() + DEADLINE_GRACE_MS > now ? 'in_progress' : 'expired';
}
