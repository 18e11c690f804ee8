import type { AppDeps } from '../deps.ts';
import { HttpError } from '../errors.ts';
import type { AttemptRow } from '../queries/attempts.ts';
import { attemptPhase } from './attempt-state.ts';
import { requestGrading } from './request-grading.ts';

/**
 * When time runs out, what the candidate saved is submitted for them: nothing saved is lost, and
 * the attempt gets scored. Safe to call repeatedly and concurrently (one submit per challenge).
 */
export async function finalizeExpiredAttempt(deps: AppDeps, attempt: AttemptRow): Promise<boolean> {
  if (attemptPhase(attempt) !== 'expired') return false;
  const { rows } = await deps.db.query<{ slug: string }>(
    `select challenge_slug as slug from gradings where attempt_id = $1 and kind = 'submit'`,
    [attempt.id],
  );
  const submitted = new Set(rows.map((r) => r.slug));
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
