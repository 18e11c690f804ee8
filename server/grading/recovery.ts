import { announce } from '../announce.ts';
import { type Db, transaction } from '../db/pool.ts';
import type { GradingQueue } from '../deps.ts';

/** Past this age a grading that is still queued or running is re-queued (its job may be gone). */
export const REQUEUE_AFTER_SECONDS = 5 * 60;
/** Past this age it is given up as a platform error, so no grading stays "running" for ever. */
export const GIVE_UP_AFTER_SECONDS = 60 * 60;

/**
 * Finds gradings stranded without a live job (enqueued after a commit while the queue was down,
 * or whose job ran out of retries while its worker died) and queues them again; the queue's
 * singleton key makes this a no-op for any grading whose job is still alive. Very old ones end as
 * errors. Safe to run from every worker at once. Returns what it did.
 */
export async function recoverStrandedGradings(
  db: Db,
  queue: GradingQueue,
): Promise<{ requeued: number; abandoned: number }> {
  const abandoned = await db.query<{ attemptId: string; kind: string }>(
    `update gradings set status = 'error', finished_at = now(),
       error = 'the platform could not complete this grading (no worker finished it within an hour)'
     where status in ('queued', 'running') and created_at < now() - make_interval(secs => $1)
     returning attempt_id as "attemptId", kind`,
    [GIVE_UP_AFTER_SECONDS],
  );
  // A submission given up may have been the attempt's last: its owner (and webhooks) hear it is graded.
  const attempts = new Set(abandoned.rows.filter((g) => g.kind === 'submit').map((g) => g.attemptId));
  for (const attemptId of attempts) {
    await transaction(db, (c) => announce(c, { kind: 'submission.graded', attemptId })).catch(() => {});
  }
  const { rows } = await db.query<{ id: string }>(
    `select id from gradings
     where status in ('queued', 'running') and created_at < now() - make_interval(secs => $1)
     order by created_at limit 500`,
    [REQUEUE_AFTER_SECONDS],
  );
  for (const { id } of rows) await queue.enqueue(id);
  return { requeued: rows.length, abandoned: abandoned.rowCount ?? 0 };
}
