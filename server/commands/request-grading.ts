import { transaction } from '../db/pool.ts';
import type { AppDeps } from '../deps.ts';
import { conflict, notFound } from '../errors.ts';
import type { GradingKind } from '../grading/types.ts';
import { findAttempt, markAttemptSubmitted } from '../queries/attempts.ts';
import { listAttemptFiles } from '../queries/files.ts';
import { type GradingRow, insertGrading } from '../queries/gradings.ts';
import { attemptPhase } from './attempt-state.ts';
import { assertOpen } from './save-files.ts';

/**
 * Queues a grading of the challenge's saved files as they are now. A submit is final: it happens
 * once per challenge, and the attempt is submitted when every challenge is.
 */
export async function requestGrading(
  deps: AppDeps,
  attemptId: string,
  slug: string,
  kind: GradingKind,
  options: { allowExpired?: boolean } = {},
): Promise<GradingRow> {
  const grading = await transaction(deps.db, async (client) => {
    await client.query('select 1 from attempts where id = $1 for update', [attemptId]);
    const attempt = await findAttempt(client, attemptId);
    if (!attempt?.challengeSlugs.includes(slug)) throw notFound(`Challenge ${slug} in this assessment`);
    const phase = attemptPhase(attempt);
    if (!(options.allowExpired && phase === 'expired')) assertOpen(phase);
    const submitted = await client.query<{ slug: string }>(
      `select challenge_slug as slug from gradings where attempt_id = $1 and kind = 'submit'`,
      [attemptId],
    );
    const submittedSlugs = new Set(submitted.rows.map((r) => r.slug));
    if (submittedSlugs.has(slug))
      throw conflict('This challenge was already submitted.', 'already_submitted');
    const files = await listAttemptFiles(client, attemptId, slug);
    const row = await insertGrading(client, {
      organisationId: attempt.organisationId,
      attemptId,
      challengeSlug: slug,
      kind,
      files,
    });
    if (kind === 'submit' && attempt.challengeSlugs.every((s) => s === slug || submittedSlugs.has(s))) {
      await markAttemptSubmitted(client, attemptId);
    }
    return row;
  });
  await deps.queue.enqueue(grading.id);
  return grading;
}
