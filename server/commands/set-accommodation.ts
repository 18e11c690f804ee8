import { timeFactor } from '../accommodations/time.ts';
import type { AccommodationRequest } from '../contract/accommodations.ts';
import { type Db, transaction } from '../db/pool.ts';
import { conflict, notFound } from '../errors.ts';
import { deleteAccommodation, saveAccommodation } from '../queries/accommodations.ts';
import { findAttempt } from '../queries/attempts.ts';
import { findInvitationByAttempt } from '../queries/invitations.ts';
import { type AuditActor, recordAudit } from '../security/audit.ts';

/**
 * Sets (or, with no extra time and no note, removes) an invitation's accommodation. Only before the
 * clock starts: the extra time is read when it does, and changing the terms of an attempt under way
 * is what "extend" is for. The note is kept out of the audit log (it may speak of health).
 */
export async function setAccommodation(
  db: Db,
  organisationId: string,
  attemptId: string,
  accommodation: AccommodationRequest,
  actor: AuditActor,
): Promise<void> {
  await transaction(db, async (client) => {
    // The same lock startAttempt takes: a start and a change never interleave.
    await client.query('select 1 from attempts where id = $1 and organisation_id = $2 for update', [
      attemptId,
      organisationId,
    ]);
    const invitation = await findInvitationByAttempt(client, organisationId, attemptId);
    const attempt = await findAttempt(client, attemptId);
    if (!invitation || !attempt) throw notFound('The invitation');
    if (invitation.startedAt)
      throw conflict(
        'The attempt has already started: an accommodation is set before the clock starts (extend the deadline instead).',
        'attempt_started',
      );
    if (invitation.revokedAt)
      throw conflict('The invitation was revoked: invite the candidate again instead.');
    const { extraTime, note } = accommodation;
    const extraPercent = extraTime.kind === 'percent' ? extraTime.percent : null;
    const extraMinutes = extraTime.kind === 'minutes' ? extraTime.minutes : null;
    if (extraPercent === null && extraMinutes === null && note === '') {
      await deleteAccommodation(client, attemptId);
    } else {
      await saveAccommodation(client, {
        attemptId,
        organisationId,
        extraPercent,
        extraMinutes,
        note,
        timeFactor: timeFactor(attempt.timeLimitMinutes, { extraPercent, extraMinutes }),
        setBy: actor.actorId,
      });
    }
    await recordAudit(client, actor, {
      action: 'invitation.accommodate',
      target: { type: 'invitation', id: invitation.invitationId },
      details: { attemptId, extraPercent, extraMinutes, hasNote: note !== '' },
    });
  });
}
