import type { WorkspaceFile } from '../contract/api.ts';
import { transaction } from '../db/pool.ts';
import type { AppDeps } from '../deps.ts';
import { conflict, notFound } from '../errors.ts';
import { findAttempt } from '../queries/attempts.ts';
import { replaceAttemptFiles } from '../queries/files.ts';
import { attemptPhase } from './attempt-state.ts';

/** Saves a challenge's whole file set while the attempt is open and the challenge not yet submitted. */
export async function saveFiles(
  deps: AppDeps,
  attemptId: string,
  slug: string,
  files: WorkspaceFile[],
): Promise<Date> {
  return transaction(deps.db, async (client) => {
    const attempt = await findAttempt(client, attemptId);
    if (!attempt?.challengeSlugs.includes(slug)) throw notFound(`Challenge ${slug} in this assessment`);
    assertOpen(attemptPhase(attempt));
    const submitted = await client.query(
      `select 1 from gradings where attempt_id = $1 and challenge_slug = $2 and kind = 'submit'`,
      [attemptId, slug],
    );
    if (submitted.rowCount)
      throw conflict(
        'This challenge was already submitted; its files can no longer change.',
        'already_submitted',
      );
    await replaceAttemptFiles(client, attemptId, slug, files);
    return new Date();
  });
}

export function assertOpen(phase: ReturnType<typeof attemptPhase>): void {
  if (phase === 'not_started') throw conflict('Start the assessment first.', 'not_started');
  if (phase === 'submitted') throw conflict('This assessment was already submitted.', 'already_submitted');
  if (phase === 'expired') throw conflict('The time for this assessment is over.', 'expired');
}
