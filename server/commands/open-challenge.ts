import type { Queryable } from '../db/pool.ts';
import { conflict, notFound } from '../errors.ts';
import { type AttemptRow, findAttempt } from '../queries/attempts.ts';
import { submittedSlugs } from '../queries/gradings.ts';
import { attemptPhase } from './attempt-state.ts';

/** A started attempt: its deadline is known. */
export type OpenAttempt = AttemptRow & { startedAt: Date; deadlineAt: Date };

export interface OpenOptions {
  /** The time-out submit: the clock may have run out (the platform submits for the candidate). */
  allowExpired?: boolean;
}

/**
 * The one answer to "may these challenges of this attempt still change?" (their files, their replay,
 * a grading, a live environment): only in a started attempt, in time, not submitted, for challenges
 * of the assessment that were not submitted yet. Throws the error the candidate should see.
 */
export function refuseUnlessOpen(
  attempt: AttemptRow | undefined,
  slugs: readonly string[],
  submitted: ReadonlySet<string>,
  options: OpenOptions = {},
): asserts attempt is OpenAttempt {
  if (!attempt) throw notFound('The attempt');
  const foreign = slugs.find((slug) => !attempt.challengeSlugs.includes(slug));
  if (foreign) throw notFound(`Challenge ${foreign} in this assessment`);
  const phase = attemptPhase(attempt);
  if (phase === 'not_started') throw conflict('Start the assessment first.', 'not_started');
  if (phase === 'submitted') throw conflict('This assessment was already submitted.', 'already_submitted');
  if (phase === 'expired' && !options.allowExpired)
    throw conflict('The time for this assessment is over.', 'expired');
  const closed = slugs.find((slug) => submitted.has(slug));
  if (closed)
    throw conflict(
      `Challenge ${closed} was already submitted; it can no longer change.`,
      'already_submitted',
    );
}

/**
 * Locks the attempt for the rest of the caller's transaction (a save, a submit and an event batch
 * of one attempt happen one after the other, never interleaved) and answers whether `slug` may
 * still change; returns the attempt and its submitted challenges.
 */
export async function lockOpenChallenge(
  client: Queryable,
  attemptId: string,
  slug: string,
  options: OpenOptions = {},
): Promise<{ attempt: OpenAttempt; submitted: ReadonlySet<string> }> {
  await client.query('select 1 from attempts where id = $1 for update', [attemptId]);
  const attempt = await findAttempt(client, attemptId);
  const submitted = new Set(await submittedSlugs(client, attemptId));
  refuseUnlessOpen(attempt, [slug], submitted, options);
  return { attempt, submitted };
}
