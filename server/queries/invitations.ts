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
    /** IANA zone the candidate's times are written in; null: UTC. */
    timeZone?: string | null | undefined;
    /** The variant the challenges are rendered for (#17); none: the default variant. */
    variantSeed?: number | null | undefined;
  },
): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `insert into invitations (organisation_id, assessment_id, candidate_name, candidate_email, token_hash, expires_at, time_zone, variant_seed)
     values ($1, $2, $3, $4, $5, $6, $7, $8) returning id`,
    [
      inv.organisationId,
      inv.assessmentId,
      inv.candidateName,
      inv.candidateEmail,
      inv.tokenHash,
      inv.expiresAt,
      inv.timeZone ?? null,
      inv.variantSeed ?? null,
    ],
  );
  return one(rows).id;
}

/** An invitation with its attempt, as managers list and act on them. */
export interface InvitationWithAttemptRow {
  invitationId: string;
  /** The variant the challenges were rendered for (#17); null: the default. Staff only. */
  variantSeed: number | null;
  attemptId: string;
  assessmentId: string;
  candidateName: string;
  candidateEmail: string;
  expiresAt: Date;
  revokedAt: Date | null;
  startedAt: Date | null;
  deadlineAt: Date | null;
  submittedAt: Date | null;
  challengeCount: number;
  gradedChallenges: number;
}

const WITH_ATTEMPT = `select i.id as "invitationId", t.id as "attemptId", i.assessment_id as "assessmentId",
    i.candidate_name as "candidateName", i.candidate_email as "candidateEmail",
    i.expires_at as "expiresAt", i.revoked_at as "revokedAt",
    t.started_at as "startedAt", t.deadline_at as "deadlineAt", t.submitted_at as "submittedAt",
    i.variant_seed as "variantSeed",
    cardinality(a.challenge_slugs) as "challengeCount",
    (select count(*)::int from gradings g
      where g.attempt_id = t.id and g.kind = 'submit' and g.status in ('done', 'error')) as "gradedChallenges"
  from invitations i
  join attempts t on t.invitation_id = i.id
  join assessments a on a.id = i.assessment_id`;

export async function listInvitationsOfAssessment(
  db: Queryable,
  organisationId: string,
  assessmentId: string,
): Promise<InvitationWithAttemptRow[]> {
  const { rows } = await db.query<InvitationWithAttemptRow>(
    `${WITH_ATTEMPT} where i.organisation_id = $1 and i.assessment_id = $2 order by i.created_at, i.id`,
    [organisationId, assessmentId],
  );
  return rows;
}

/** Only within the organisation: another organisation's attempt is "not found". */
export async function findInvitationByAttempt(
  db: Queryable,
  organisationId: string,
  attemptId: string,
): Promise<InvitationWithAttemptRow | undefined> {
  const { rows } = await db.query<InvitationWithAttemptRow>(
    `${WITH_ATTEMPT} where i.organisation_id = $1 and t.id = $2`,
    [organisationId, attemptId],
  );
  return rows[0];
}

/** The emails of `emails` already invited to the assessment (compared case-insensitively). */
export async function findInvitedEmails(
  db: Queryable,
  assessmentId: string,
  emails: string[],
): Promise<string[]> {
  const { rows } = await db.query<{ email: string }>(
    `select lower(candidate_email) as email from invitations
     where assessment_id = $1 and lower(candidate_email) = any($2::text[])`,
    [assessmentId, emails.map((e) => e.toLowerCase())],
  );
  return rows.map((r) => r.email);
}

export async function revokeInvitation(db: Queryable, invitationId: string): Promise<void> {
  await db.query('update invitations set revoked_at = now() where id = $1 and revoked_at is null', [
    invitationId,
  ]);
}

/** Pushes the expiry `minutes` past the later of now and the current expiry. */
export async function extendInvitationExpiry(
  db: Queryable,
  invitationId: string,
  minutes: number,
): Promise<void> {
  await db.query(
    `update invitations set expires_at = greatest(expires_at, now()) + make_interval(mins => $2) where id = $1`,
    [invitationId, minutes],
  );
}

/** Gives a started, unsubmitted attempt `minutes` more (from now, when its time already ran out). */
export async function extendAttemptDeadline(
  db: Queryable,
  attemptId: string,
  minutes: number,
): Promise<void> {
  await db.query(
    `update attempts set deadline_at = greatest(deadline_at, now()) + make_interval(mins => $2)
     where id = $1 and started_at is not null and submitted_at is null`,
    [attemptId, minutes],
  );
}

/** Ends the candidate's open sessions of an attempt, so a revoked invitation reaches nothing. */
export async function endCandidateSessions(db: Queryable, attemptId: string): Promise<void> {
  await db.query('delete from sessions where attempt_id = $1', [attemptId]);
}
