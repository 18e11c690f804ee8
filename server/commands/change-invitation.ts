import { type Db, type Queryable, transaction } from '../db/pool.ts';
import { conflict, notFound } from '../errors.ts';
import { invitationStatus } from '../presenters/staff.ts';
import {
  endCandidateSessions,
  extendAttemptDeadline,
  extendInvitationExpiry,
  findInvitationByAttempt,
  type InvitationWithAttemptRow,
  revokeInvitation,
} from '../queries/invitations.ts';
import { type AuditActor, recordAudit } from '../security/audit.ts';

async function lockedInvitation(
  client: Queryable,
  organisationId: string,
  attemptId: string,
): Promise<InvitationWithAttemptRow> {
  await client.query('select 1 from attempts where id = $1 and organisation_id = $2 for update', [
    attemptId,
    organisationId,
  ]);
  const invitation = await findInvitationByAttempt(client, organisationId, attemptId);
  if (!invitation) throw notFound('The invitation');
  return invitation;
}

/**
 * Gives a candidate more time: an unused invitation expires later; a started attempt gets a later
 * deadline (counted from now when its time already ran out). A finished or revoked one cannot.
 */
export async function extendInvitation(
  db: Db,
  organisationId: string,
  attemptId: string,
  minutes: number,
  actor: AuditActor,
): Promise<void> {
  await transaction(db, async (client) => {
    const invitation = await lockedInvitation(client, organisationId, attemptId);
    const status = invitationStatus(invitation);
    if (invitation.submittedAt)
      throw conflict('The attempt is already submitted: there is nothing to extend.');
    if (status === 'revoked')
      throw conflict('The invitation was revoked: invite the candidate again instead.');
    if (invitation.startedAt) await extendAttemptDeadline(client, attemptId, minutes);
    else await extendInvitationExpiry(client, invitation.invitationId, minutes);
    await recordAudit(client, actor, {
      action: 'invitation.extend',
      target: { type: 'invitation', id: invitation.invitationId },
      details: { attemptId, minutes, extended: invitation.startedAt ? 'deadline' : 'expiry' },
    });
  });
}

/** Withdraws an invitation that is not yet submitted; the candidate's open sessions end at once. */
export async function revokeCandidateInvitation(
  db: Db,
  organisationId: string,
  attemptId: string,
  actor: AuditActor,
): Promise<void> {
  await transaction(db, async (client) => {
    const invitation = await lockedInvitation(client, organisationId, attemptId);
    if (invitation.submittedAt) throw conflict('The attempt is already submitted: it cannot be revoked.');
    await revokeInvitation(client, invitation.invitationId);
    await endCandidateSessions(client, attemptId);
    await recordAudit(client, actor, {
      action: 'invitation.revoke',
      target: { type: 'invitation', id: invitation.invitationId },
      details: { attemptId },
    });
  });
}
