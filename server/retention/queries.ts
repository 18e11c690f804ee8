/** Reads of candidates' data for retention: the organisation's period and one attempt's export. */
import { one, type Queryable } from '../db/pool.ts';

export async function findRetentionDays(db: Queryable, organisationId: string): Promise<number> {
  const { rows } = await db.query<{ retentionDays: number }>(
    'select retention_days as "retentionDays" from organisations where id = $1',
    [organisationId],
  );
  return one(rows).retentionDays;
}

export async function updateRetentionDays(
  db: Queryable,
  organisationId: string,
  days: number,
): Promise<void> {
  await db.query('update organisations set retention_days = $2 where id = $1', [organisationId, days]);
}

/** Whether the invitation's candidate data was erased: its link then answers 410, not a session. */
export async function isInvitationErased(db: Queryable, invitationId: string): Promise<boolean> {
  const { rows } = await db.query<{ erased: boolean }>(
    'select erased_at is not null as erased from invitations where id = $1',
    [invitationId],
  );
  return rows[0]?.erased ?? false;
}

export interface ExportHeadRow {
  invitationId: string;
  candidateName: string;
  candidateEmail: string;
  timeZone: string | null;
  invitedAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
  assessmentTitle: string;
  startedAt: Date | null;
  deadlineAt: Date | null;
  submittedAt: Date | null;
  erasedAt: Date | null;
}

/** The attempt and its invitation, scoped to the organisation. */
export async function findExportHead(
  db: Queryable,
  organisationId: string,
  attemptId: string,
): Promise<ExportHeadRow | undefined> {
  const { rows } = await db.query<ExportHeadRow>(
    `select i.id as "invitationId", i.candidate_name as "candidateName", i.candidate_email as "candidateEmail",
       i.time_zone as "timeZone", i.created_at as "invitedAt", i.expires_at as "expiresAt",
       i.revoked_at as "revokedAt", s.title as "assessmentTitle", a.started_at as "startedAt",
       a.deadline_at as "deadlineAt", a.submitted_at as "submittedAt", a.erased_at as "erasedAt"
     from attempts a join invitations i on i.id = a.invitation_id join assessments s on s.id = a.assessment_id
     where a.id = $1 and a.organisation_id = $2`,
    [attemptId, organisationId],
  );
  return rows[0];
}

export async function listExportFiles(db: Queryable, attemptId: string) {
  const { rows } = await db.query<{ challengeSlug: string; path: string; content: string; updatedAt: Date }>(
    `select challenge_slug as "challengeSlug", path, content, updated_at as "updatedAt"
     from attempt_files where attempt_id = $1 order by challenge_slug, path`,
    [attemptId],
  );
  return rows;
}

/** The candidate's own events (an interviewer's edits in a live interview are theirs, not the candidate's). */
export async function listExportEvents(db: Queryable, attemptId: string) {
  const { rows } = await db.query<{
    seq: string;
    at: Date;
    challengeSlug: string;
    kind: string;
    payload: unknown;
  }>(
    `select seq, at, challenge_slug as "challengeSlug", kind, payload
     from attempt_events where attempt_id = $1 and author_id is null order by seq`,
    [attemptId],
  );
  return rows.map((r) => ({ ...r, seq: Number(r.seq) }));
}

export async function listExportReplayNotes(db: Queryable, attemptId: string) {
  const { rows } = await db.query<{ challengeSlug: string; seq: string; body: string; createdAt: Date }>(
    `select challenge_slug as "challengeSlug", seq, body, created_at as "createdAt"
     from replay_notes where attempt_id = $1 order by seq, created_at`,
    [attemptId],
  );
  return rows.map((r) => ({ ...r, seq: Number(r.seq) }));
}

/** The accommodation set for the candidate, if any (its reviewers' note is about them). */
export async function findExportAccommodation(db: Queryable, attemptId: string) {
  const { rows } = await db.query<{ extraPercent: number | null; extraMinutes: number | null; note: string }>(
    `select extra_percent as "extraPercent", extra_minutes as "extraMinutes", note
     from accommodations where attempt_id = $1`,
    [attemptId],
  );
  return rows[0] ?? null;
}
