import { one, type Queryable } from '../db/pool.ts';

export interface InvitationRow {
  id: string;
  organisationId: string;
  assessmentId: string;
  candidateName: string;
  candidateEmail: string;
  expiresAt: Date;
  revokedAt: Date | null;
}

export async function findInvitationByTokenHash(
  db: Queryable,
  tokenHash: Buffer,
): Promise<InvitationRow | undefined> {
  // The lookup is by an indexed hash of a 256-bit token, so timing reveals nothing usable.
  const { rows } = await db.query<InvitationRow>(
    `select id, organisation_id as "organisationId", assessment_id as "assessmentId",
       candidate_name as "candidateName", candidate_email as "candidateEmail",
       expires_at as "expiresAt", revoked_at as "revokedAt"
     from invitations where token_hash = $1`,
    [tokenHash],
  );
  return rows[0];
}

export async function insertInvitation(
  db: Queryable,
  inv: {
    organisationId: string;
    assessmentId: string;
    candidateName: string;
    candidateEmail: string;
    tokenHash: Buffer;
    expiresAt: Date;
  },
): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `insert into invitations (organisation_id, assessment_id, candidate_name, candidate_email, token_hash, expires_at)
     values ($1, $2, $3, $4, $5, $6) returning id`,
    [
      inv.organisationId,
      inv.assessmentId,
      inv.candidateName,
      inv.candidateEmail,
      inv.tokenHash,
      inv.expiresAt,
    ],
  );
  return one(rows).id;
}
