import type { Response } from 'express';
import { CANDIDATE_COOKIE, openSession } from '../auth/sessions.ts';
import { hashInvitationToken } from '../auth/tokens.ts';
import type { AppDeps } from '../deps.ts';
import { gone, notFound } from '../errors.ts';
import { findAttemptByInvitation } from '../queries/attempts.ts';
import { findInvitationByTokenHash } from '../queries/invitations.ts';
import { isInvitationErased } from '../retention/queries.ts';

/**
 * Opens a candidate session bound to the one attempt of the invitation the token names. An unknown,
 * revoked or expired link gets a clear error; a started attempt stays reachable until its deadline.
 */
export async function enterInvitation(deps: AppDeps, res: Response, token: string): Promise<void> {
  const invitation = await findInvitationByTokenHash(deps.db, hashInvitationToken(token));
  if (!invitation) throw notFound('This invitation link', 'invitation_not_found');
  if (await isInvitationErased(deps.db, invitation.id)) {
    throw gone(
      'Your data for this assessment has been deleted, so this link can no longer be used.',
      'attempt_erased',
    );
  }
  if (invitation.revokedAt) throw gone('This invitation has been withdrawn.', 'invitation_revoked');
  const attempt = await findAttemptByInvitation(deps.db, invitation.id);
  if (!attempt) throw notFound('This invitation link', 'invitation_not_found');
  if (!attempt.startedAt && invitation.expiresAt.getTime() <= Date.now()) {
    throw gone(`This invitation expired on ${invitation.expiresAt.toUTCString()}.`, 'invitation_expired');
  }
  // The session lasts until the later of the invitation's expiry and the attempt's deadline, plus a day to read results.
  const end = Math.max(invitation.expiresAt.getTime(), attempt.deadlineAt?.getTime() ?? 0) + 24 * 3600_000;
  await openSession(res, deps, CANDIDATE_COOKIE, { attemptId: attempt.id }, new Date(end));
}
