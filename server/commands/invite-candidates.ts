import { announce } from '../announce.ts';
import { hashInvitationToken, newToken } from '../auth/tokens.ts';
import { newVariantSeed } from '../challenges/parameters.ts';
import { type Db, type Queryable, transaction } from '../db/pool.ts';
import { conflict } from '../errors.ts';
import { insertAttempt } from '../queries/attempts.ts';
import {
  findInvitationByAttempt,
  findInvitedEmails,
  type InvitationWithAttemptRow,
  insertInvitation,
} from '../queries/invitations.ts';

export interface CandidateToInvite {
  candidateName: string;
  candidateEmail: string;
  /** How the candidate is named in an error: "candidateEmail" or "line 3". */
  source: string;
}

/** How the invitation emails are written: the link's base and the candidate's time zone. */
export interface InvitationMailOptions {
  publicUrl: string | undefined;
  timeZone?: string | undefined;
}

/**
 * Invites candidates to an assessment, all or none: each gets an invitation with a long random
 * token (only its hash is stored) and an attempt. A repeated email, in the list or already invited,
 * refuses the whole list and names the email. Returns each invitation, in order, with its token
 * for the link (the only time the token is known).
 */
export async function inviteCandidates(
  db: Db,
  assessment: { id: string; organisationId: string },
  candidates: CandidateToInvite[],
  expiresInDays: number,
  /** Runs last inside the inviting transaction (the audit entry), so both commit or neither. */
  alongside: (client: Queryable, created: InvitationWithAttemptRow[]) => Promise<void> = async () => {},
  mail: InvitationMailOptions = { publicUrl: undefined },
): Promise<{ invitation: InvitationWithAttemptRow; token: string }[]> {
  const seen = new Map<string, string>();
  for (const c of candidates) {
    const email = c.candidateEmail.toLowerCase();
    const first = seen.get(email);
    if (first) throw conflict(`${c.source}: ${email} is listed twice (first at ${first})`, 'already_invited');
    seen.set(email, c.source);
  }
  const expiresAt = new Date(Date.now() + expiresInDays * 24 * 3600_000);
  try {
    return await insertAll(db, assessment, candidates, expiresAt, alongside, mail);
  } catch (error) {
    // Two managers inviting the same email at once: the unique index decides, the loser hears why.
    if (error instanceof Error && 'code' in error && error.code === '23505') {
      throw conflict(
        'One of these candidates was invited meanwhile: reload and try again.',
        'already_invited',
      );
    }
    throw error;
  }
}

async function insertAll(
  db: Db,
  assessment: { id: string; organisationId: string },
  candidates: CandidateToInvite[],
  expiresAt: Date,
  alongside: (client: Queryable, created: InvitationWithAttemptRow[]) => Promise<void>,
  mail: InvitationMailOptions,
): Promise<{ invitation: InvitationWithAttemptRow; token: string }[]> {
  return transaction(db, async (client) => {
    const emails = candidates.map((c) => c.candidateEmail.toLowerCase());
    const already = new Set(await findInvitedEmails(client, assessment.id, emails));
    const repeat = candidates.find((c) => already.has(c.candidateEmail.toLowerCase()));
    if (repeat) {
      throw conflict(
        `${repeat.source}: ${repeat.candidateEmail} is already invited to this assessment`,
        'already_invited',
      );
    }
    const created = [];
    for (const c of candidates) {
      const token = newToken();
      const invitationId = await insertInvitation(client, {
        organisationId: assessment.organisationId,
        assessmentId: assessment.id,
        candidateName: c.candidateName,
        candidateEmail: c.candidateEmail,
        tokenHash: hashInvitationToken(token),
        expiresAt,
        timeZone: mail.timeZone,
        // Each invitation its own variant of the challenges that declare parameters (#17).
        variantSeed: newVariantSeed(),
      });
      const attemptId = await insertAttempt(client, {
        organisationId: assessment.organisationId,
        invitationId,
        assessmentId: assessment.id,
      });
      const invitation = await findInvitationByAttempt(client, assessment.organisationId, attemptId);
      if (!invitation) throw new Error(`invitation ${invitationId} vanished inside its transaction`);
      created.push({ invitation, token });
      await announce(client, {
        kind: 'invitation.created',
        invitationId,
        attemptId,
        token,
        publicUrl: mail.publicUrl,
      });
    }
    await alongside(
      client,
      created.map((c) => c.invitation),
    );
    return created;
  });
}
