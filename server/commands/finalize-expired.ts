import { creditStalledGrading, GRADING_STALL_SECONDS } from '../accommodations/credits.ts';
import type { AppDeps } from '../deps.ts';
import { HttpError } from '../errors.ts';
import { listStalledRuns } from '../queries/accommodations.ts';
import { type AttemptRow, findAttempt, listOverdueAttempts } from '../queries/attempts.ts';
import { submittedSlugs } from '../queries/gradings.ts';
import { attemptPhase, DEADLINE_GRACE_MS } from './attempt-state.ts';
import { requestGrading } from './request-grading.ts';

/**
 * When time runs out, what the candidate saved is submitted for them: nothing saved is lost, and
 * the attempt gets scored. Safe to call repeatedly and concurrently (one submit per challenge).
 */
export async function finalizeExpiredAttempt(
  deps: Pick<AppDeps, 'db' | 'queue'>,
  attempt: AttemptRow,
): Promise<boolean> {
  if (attemptPhase(attempt) !== 'expired') return false;
  if (await creditStalledRuns(deps.db, attempt.id)) {
    const credited = await findAttempt(deps.db, attempt.id);
    if (!credited || attemptPhase(credited) !== 'expired') return false;
  }
  const submitted = new Set(await submittedSlugs(deps.db, attempt.id));
  const missing = attempt.challengeSlugs.filter((s) => !submitted.has(s));
  for (const slug of missing) {
    try {
      await requestGrading(deps, attempt.id, slug, 'submit', { allowExpired: true });
    } catch (error) {
      const raced = error instanceof HttpError && error.id === 'already_submitted';
      const duplicate = error instanceof Error && 'code' in error && error.code === '23505';
      if (!raced && !duplicate) throw error;
    }
  }
  return missing.length > 0;
}

/**
 * Check runs still waiting in a stalled queue when time ran out: the candidate lost that wait, so
 * it is credited before the attempt is closed (the attempt may then go on). Whether any was.
 */
async function creditStalledRuns(db: AppDeps['db'], attemptId: string): Promise<boolean> {
  let credited = false;
  for (const run of await listStalledRuns(db, attemptId, GRADING_STALL_SECONDS)) {
    if (await creditStalledGrading(db, run)) credited = true;
  }
  return credited;
}

/** How many overdue attempts one sweep finalises; the next sweep takes the rest. */
const SWEEP_BATCH = 100;

/**
 * The time-out sweep: every attempt whose clock ran out is submitted with what was saved, whether
 * or not anyone looks at it (reads only read). Run by every worker on a timer; safe concurrently.
 * Returns how many attempts it finalised; one that fails is reported and retried next time.
 */
export async function finalizeOverdueAttempts(
  deps: Pick<AppDeps, 'db' | 'queue'>,
  report: (attemptId: string, error: unknown) => void,
): Promise<number> {
  let finalized = 0;
  for (const attempt of await listOverdueAttempts(deps.db, DEADLINE_GRACE_MS, SWEEP_BATCH)) {
    try {
      if (await finalizeExpiredAttempt(deps, attempt)) finalized += 1;
    } catch (error) {
      report(attempt.id, error);
    }
  }
  return finalized;
}
