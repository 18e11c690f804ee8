import { transaction } from '../db/pool.ts';
import type { AppDeps } from '../deps.ts';
import { notFound } from '../errors.ts';
import { findAttempt, markAttemptStarted } from '../queries/attempts.ts';
import { listAttemptFiles, replaceAttemptFiles } from '../queries/files.ts';

/** Starts the clock (once) and gives each challenge its starter files. */
export async function startAttempt(deps: AppDeps, attemptId: string): Promise<void> {
  await transaction(deps.db, async (client) => {
    // Lock the attempt so two tabs pressing Start at once seed the files once.
    await client.query('select 1 from attempts where id = $1 for update', [attemptId]);
    const attempt = await findAttempt(client, attemptId);
    if (!attempt) throw notFound('The attempt');
    if (attempt.startedAt) return;
    await markAttemptStarted(client, attemptId, attempt.timeLimitMinutes);
    for (const slug of attempt.challengeSlugs) {
      const challenge = deps.catalogue.challenges.get(slug);
      if (!challenge) throw notFound(`Challenge ${slug}`);
      if ((await listAttemptFiles(client, attemptId, slug)).length === 0) {
        await replaceAttemptFiles(client, attemptId, slug, challenge.starter);
      }
    }
  });
}
