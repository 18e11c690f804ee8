import { DEADLINE_GRACE_MS } from '../commands/attempt-state.ts';
import { type Db, one, type Queryable, transaction } from '../db/pool.ts';
import { conflict, notFound } from '../errors.ts';
import { insertAuditEntry } from '../queries/audit.ts';
import type { AuditActor } from '../security/audit.ts';
import {
  anonymiseSubmissions,
  blankReviewNotes,
  deleteCandidateContent,
  deleteMessagesAbout,
  type ErasableAttempt,
  lockErasableAttempt,
  markErased,
  scrubAuditLog,
} from './erase-queries.ts';

/** Why an attempt was erased: its organisation's retention period passed, or a manager asked. */
export type ErasureReason = { kind: 'retention'; retentionDays: number } | { kind: 'request' };

/**
 * Erases one attempt's candidate data in one transaction: personal fields blanked, content
 * deleted, anonymous scores kept; audited as `candidate.erase` with ids only. Idempotent: an
 * attempt already erased is left as it is and reported so (`false`), with no second audit entry.
 */
export async function eraseLockedAttempt(
  client: Queryable,
  attempt: ErasableAttempt,
  reason: ErasureReason,
  actor: Omit<AuditActor, 'organisationId' | 'ip'> & { ip: string | null },
): Promise<boolean> {
  if (attempt.erasedAt) return false;
  await deleteCandidateContent(client, attempt);
  await anonymiseSubmissions(client, attempt);
  await blankReviewNotes(client, attempt);
  await deleteMessagesAbout(client, attempt);
  await scrubAuditLog(client, attempt);
  await markErased(client, attempt);
  await insertAuditEntry(client, {
    organisationId: attempt.organisationId,
    actorId: actor.actorId,
    actorTokenId: actor.tokenId ?? null,
    actorEmail: null,
    action: 'candidate.erase',
    targetType: 'attempt',
    targetId: attempt.attemptId,
    details: {
      invitationId: attempt.invitationId,
      reason: reason.kind,
      ...(reason.kind === 'retention' ? { retentionDays: reason.retentionDays } : {}),
    },
    ip: actor.ip,
  });
  return true;
}

/** The candidate may still be working (the deadline's grace included): erasing would pull files from under them. */
const IN_PROGRESS_SQL = `select a.started_at is not null and a.submitted_at is null and i.revoked_at is null
     and a.deadline_at + make_interval(secs => $2::float8 / 1000) > now() as "inProgress",
   exists (select 1 from gradings g where g.attempt_id = a.id and g.status in ('queued', 'running')) as "grading"
   from attempts a join invitations i on i.id = a.invitation_id where a.id = $1`;

/**
 * A manager's erasure on the candidate's request, before retention if need be. An attempt still in
 * progress is refused (revoke it first), and so is one still being graded. Returns the time it was erased (now, or the first time).
 */
export function eraseAttemptOnRequest(
  db: Db,
  organisationId: string,
  attemptId: string,
  actor: AuditActor,
): Promise<Date> {
  return transaction(db, async (client) => {
    const attempt = await lockErasableAttempt(client, organisationId, attemptId);
    if (!attempt) throw notFound('The attempt');
    const { rows } = await client.query<{ inProgress: boolean; grading: boolean }>(IN_PROGRESS_SQL, [
      attemptId,
      DEADLINE_GRACE_MS,
    ]);
    if (!attempt.erasedAt && rows[0]?.inProgress) {
      throw conflict(
        'The candidate is still working on this attempt: revoke the invitation first, then erase.',
        'attempt_in_progress',
      );
    }
    // A queued or running grading would read the files erasure blanks, and score an empty submission.
    if (!attempt.erasedAt && rows[0]?.grading) {
      throw conflict(
        'The attempt is still being graded: erase it once its results are in (a minute or two).',
        'grading_in_progress',
      );
    }
    await eraseLockedAttempt(client, attempt, { kind: 'request' }, actor);
    const erased = await client.query<{ erasedAt: Date }>(
      'select erased_at as "erasedAt" from attempts where id = $1',
      [attemptId],
    );
    return one(erased.rows).erasedAt;
  });
}
