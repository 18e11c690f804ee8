import { announce } from '../announce.ts';
import { transaction } from '../db/pool.ts';
import type { AppDeps } from '../deps.ts';
import { markAttemptSubmitted } from '../queries/attempts.ts';
import { listAttemptFiles } from '../queries/files.ts';
import { type GradingRow, insertGrading, supersedeQueuedRuns } from '../queries/gradings.ts';
import type { GradingKind } from '../scoring/types.ts';
import { lockOpenChallenge, type OpenOptions } from './open-challenge.ts';

/**
 * Queues a grading of the challenge's saved files as they are now. A submit is final: it happens
 * once per challenge, and the attempt is submitted when every challenge is. A check run replaces
 * the challenge's runs that no worker has started yet (`replacedRuns`): only the newest counts. A
 * submission replaces nothing and is never replaced.
 */
export async function requestGrading(
  deps: Pick<AppDeps, 'db' | 'queue'>,
  attemptId: string,
  slug: string,
  kind: GradingKind,
  options: OpenOptions & { requestId?: string } = {},
): Promise<GradingRow & { replacedRuns: number }> {
  const grading = await transaction(deps.db, async (client) => {
    const { attempt, submitted } = await lockOpenChallenge(client, attemptId, slug, options);
    const replacedRuns = kind === 'run' ? await supersedeQueuedRuns(client, attemptId, slug) : 0;
    const files = await listAttemptFiles(client, attemptId, slug);
    const row = await insertGrading(client, {
      organisationId: attempt.organisationId,
      attemptId,
      challengeSlug: slug,
      kind,
      files,
    });
    if (kind === 'submit' && attempt.challengeSlugs.every((s) => s === slug || submitted.has(s))) {
      await markAttemptSubmitted(client, attemptId);
      await announce(client, {
        kind: 'attempt.submitted',
        attemptId,
        timedOut: options.allowExpired === true,
      });
    }
    return { ...row, replacedRuns };
  });
  await deps.queue.enqueue(grading.id, options.requestId ? { requestId: options.requestId } : {});
  return grading;
}
