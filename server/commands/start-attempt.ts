import { accommodatedMinutes } from '../accommodations/time.ts';
import { announce } from '../announce.ts';
import { challengeVariant } from '../challenges/variants.ts';
import { INTERVIEW_LIMITS } from '../contract/interview.ts';
import { transaction } from '../db/pool.ts';
import type { AppDeps } from '../deps.ts';
import { conflict, notFound } from '../errors.ts';
import { findAccommodation } from '../queries/accommodations.ts';
import { findAttempt, markAttemptStarted } from '../queries/attempts.ts';
import { listAttemptFiles, replaceAttemptFiles } from '../queries/files.ts';
import { findInterviewOfAttempt, type InterviewRow } from '../queries/interviews.ts';

/** Starts the clock (once) and gives each challenge its starter files. */
export async function startAttempt(deps: AppDeps, attemptId: string): Promise<void> {
  await transaction(deps.db, async (client) => {
    // Lock the attempt so two tabs pressing Start at once seed the files once.
    await client.query('select 1 from attempts where id = $1 for update', [attemptId]);
    const attempt = await findAttempt(client, attemptId);
    if (!attempt) throw notFound('The attempt');
    if (attempt.startedAt) return;
    const interview = await findInterviewOfAttempt(client, attemptId);
    if (interview) refuseOutsideSlot(interview);
    // Extra time is read once, here: an interview's slot end still bounds it (markAttemptStarted).
    const extra = await findAccommodation(client, attemptId);
    const minutes = extra ? accommodatedMinutes(attempt.timeLimitMinutes, extra) : attempt.timeLimitMinutes;
    await markAttemptStarted(client, attemptId, minutes);
    await announce(client, { kind: 'attempt.started', attemptId });
    for (const slug of attempt.challengeSlugs) {
      const challenge = deps.catalogue.challenges.get(slug);
      if (!challenge) throw notFound(`Challenge ${slug}`);
      if ((await listAttemptFiles(client, attemptId, slug)).length === 0) {
        await replaceAttemptFiles(
          client,
          attemptId,
          slug,
          challengeVariant(challenge, attempt.variantSeed).starter,
        );
      }
    }
  });
}

/** An interview starts in its slot (a few minutes early is fine: people join calls early). */
function refuseOutsideSlot(interview: Pick<InterviewRow, 'startsAt' | 'endsAt'>, now = Date.now()): void {
  const opens = interview.startsAt.getTime() - INTERVIEW_LIMITS.earlyStartMinutes * 60_000;
  if (now < opens)
    throw conflict(
      `Your interview starts at ${interview.startsAt.toISOString()}; you can start ${INTERVIEW_LIMITS.earlyStartMinutes} minutes before.`,
      'interview_not_yet',
    );
  if (now >= interview.endsAt.getTime())
    throw conflict('The slot of this interview has ended.', 'interview_over');
}
