import { randomUUID } from 'node:crypto';
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
 * once per challenge, and the attempt is submitted when every challenge is. Only the newest run
 * counts: a check run replaces the challenge's runs no worker has started yet (`replacedRuns`,
 * status superseded), and so does the submission (a run of a submitted challenge is moot: its page
 * shows the submission's result). A submission is never replaced; a run being graded finishes.
 * The attempt's row lock (lockOpenChallenge) puts two requests of one attempt one after the other,
 * so the second always sees, and replaces, the first's run.
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
    // The new grading's id is chosen here so the runs it replaces can name it.
    const id = randomUUID();
    const replacedRuns = await supersedeQueuedRuns(client, { attemptId, challengeSlug: slug, newerId: id });
    const files = await listAttemptFiles(client, attemptId, slug);
    const row = await insertGrading(client, {
      id,
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
