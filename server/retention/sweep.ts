import { type Db, transaction } from '../db/pool.ts';
import { eraseLockedAttempt } from './erase-attempt.ts';
import { lockErasableAttempt } from './erase-queries.ts';

/** How many attempts one query picks; each is then erased in its own short transaction. */
export const RETENTION_BATCH = 50;

/**
 * When an attempt ended, for retention: its submission; else, never started, the earlier of the
 * invitation's withdrawal and expiry; else the earlier of the withdrawal and the deadline.
 * An attempt still in progress or an invitation still open ends in the future and is never due.
 */
const ENDED_AT = `coalesce(a.submitted_at, case when a.started_at is null
  then least(i.revoked_at, i.expires_at) else least(i.revoked_at, a.deadline_at) end)`;

/** Attempts whose organisation's retention period has passed since they ended, as of `now`. */
async function dueAttempts(db: Db, now: Date, limit: number) {
  const { rows } = await db.query<{ attemptId: string; organisationId: string; retentionDays: number }>(
    `select a.id as "attemptId", a.organisation_id as "organisationId", o.retention_days as "retentionDays"
     from attempts a
       join invitations i on i.id = a.invitation_id
       join organisations o on o.id = a.organisation_id
     where a.erased_at is null and ${ENDED_AT} + make_interval(days => o.retention_days) <= $1
     order by ${ENDED_AT}, a.id
     limit $2`,
    [now, limit],
  );
  return rows;
}

/**
 * The retention sweep: erases every attempt past its organisation's retention period, a batch at a
 * time, each audited as `candidate.erase` by nobody (reason retention). Safe to run from several
 * processes at once: an attempt is locked and erased once. `now` is a parameter so tests can set
 * the clock forward. Returns how many attempts this call erased.
 */
export async function eraseExpiredAttempts(
  db: Db,
  options: { now?: Date; batchSize?: number } = {},
): Promise<number> {
  const now = options.now ?? new Date();
  const batchSize = options.batchSize ?? RETENTION_BATCH;
  let erased = 0;
  for (;;) {
    const due = await dueAttempts(db, now, batchSize);
    let erasedInBatch = 0;
    for (const d of due) {
      const done = await transaction(db, async (client) => {
        const attempt = await lockErasableAttempt(client, d.organisationId, d.attemptId);
        if (!attempt) return false;
        return eraseLockedAttempt(
          client,
          attempt,
          { kind: 'retention', retentionDays: d.retentionDays },
          { actorId: null, ip: null },
        );
      });
      if (done) erasedInBatch += 1;
    }
    erased += erasedInBatch;
    // A short batch was the last; a batch erased by someone else entirely means they are sweeping.
    if (due.length < batchSize || erasedInBatch === 0) return erased;
  }
}
