/**
 * The SQL of erasing one attempt's candidate data, table by table (docs/data-retention.md says
 * why each table is deleted from or blanked). Every statement runs in the caller's transaction.
 */
import type { Queryable } from '../db/pool.ts';

/** What erasing needs to know of an attempt, read under a row lock. */
export interface ErasableAttempt {
  attemptId: string;
  invitationId: string;
  organisationId: string;
  candidateEmail: string;
  candidateName: string;
  erasedAt: Date | null;
}

/** The invitation's name and email after erasure: `.invalid` never resolves, so no mail can leave. */
export const ERASED_NAME = 'Erased candidate';
export const erasedEmail = (invitationId: string) => `erased+${invitationId}@erased.invalid`;

/** Locks the attempt and its invitation so a concurrent erasure (another API process) waits, then finds it done. */
export async function lockErasableAttempt(
  db: Queryable,
  organisationId: string,
  attemptId: string,
): Promise<ErasableAttempt | undefined> {
  const { rows } = await db.query<ErasableAttempt>(
    `select a.id as "attemptId", a.invitation_id as "invitationId", a.organisation_id as "organisationId",
       i.candidate_email as "candidateEmail", i.candidate_name as "candidateName", a.erased_at as "erasedAt"
     from attempts a join invitations i on i.id = a.invitation_id
     where a.id = $1 and a.organisation_id = $2
     for update of a, i`,
    [attemptId, organisationId],
  );
  return rows[0];
}

/** Deletes what is only the candidate's work or traces of it: files, replays, terminal logs, environments. */
export async function deleteCandidateContent(db: Queryable, a: ErasableAttempt): Promise<void> {
  const byAttempt = [
    'delete from sessions where attempt_id = $1',
    'delete from attempt_files where attempt_id = $1',
    'delete from attempt_events where attempt_id = $1',
    'delete from attempt_event_batches where attempt_id = $1',
    'delete from attempt_snapshots where attempt_id = $1',
    'delete from replay_notes where attempt_id = $1',
    'delete from collab_documents where attempt_id = $1',
    // fingerprints say where the candidate's work matched others': they go with the work
    'delete from similarity_fingerprints where attempt_id = $1',
    // Check runs are only practice on the way to the submission: nothing statistical is lost.
    `delete from gradings where attempt_id = $1 and kind <> 'submit'`,
    // A running environment keeps its row (the live host stops it); its error text goes.
    `delete from live_environments where attempt_id = $1 and status in ('ended', 'failed')`,
    'update live_environments set error = null where attempt_id = $1',
    'delete from ats_inbound where attempt_id = $1',
    'delete from ats_results where attempt_id = $1',
    // An accommodation's note may name a disability: it goes with the extra time it explained.
    'delete from accommodations where attempt_id = $1',
    // The practice before the clock: never counted, and nothing to keep once the candidate is erased.
    'delete from practice_runs where attempt_id = $1',
  ];
  for (const sql of byAttempt) await db.query(sql, [a.attemptId]);
  await db.query('delete from ats_links where invitation_id = $1', [a.invitationId]);
  await db.query('update interviews set meeting_url = null where invitation_id = $1', [a.invitationId]);
}

/**
 * Keeps each submission's verdicts (check id, dimension, weight, passed, score: what the auto
 * scores and comparisons are computed from) and drops what could quote the candidate's work:
 * the files, the diagnostics, the grader's messages, evidence and error text.
 */
export async function anonymiseSubmissions(db: Queryable, a: ErasableAttempt): Promise<void> {
  await db.query(
    `update gradings set files = '{}'::jsonb, diagnostics = null, error = null,
       checks = case when checks is null then null else coalesce(
         (select jsonb_agg(c || '{"message": "", "evidence": []}'::jsonb) from jsonb_array_elements(checks) c),
         '[]'::jsonb) end
     where attempt_id = $1`,
    [a.attemptId],
  );
}

/** Reviews keep their ratings and recommendation (the statistics); the written notes go. */
export async function blankReviewNotes(db: Queryable, a: ErasableAttempt): Promise<void> {
  await db.query(`update reviews set summary = '' where attempt_id = $1`, [a.attemptId]);
  await db.query(
    `update review_ratings set notes = '' where review_id in (select id from reviews where attempt_id = $1)`,
    [a.attemptId],
  );
}

/**
 * Mail and webhook events that carry the candidate's name or email: the outbox rows about this
 * invitation or attempt, and webhook events about it or its reviews (their deliveries cascade).
 * The text search catches a row filed under another subject that still names the candidate.
 */
export async function deleteMessagesAbout(db: Queryable, a: ErasableAttempt): Promise<void> {
  const subjects = [a.invitationId, a.attemptId];
  await db.query(
    `delete from outbox where organisation_id = $1
       and (subject_id = any($2::uuid[]) or strpos(lower(recipient || text_body || html_body), lower($3)) > 0)`,
    [a.organisationId, subjects, a.candidateEmail],
  );
  await db.query(
    `delete from webhook_events where organisation_id = $1
       and (subject_id = any($2::uuid[])
         or subject_id in (select id from reviews where attempt_id = $3)
         or strpos(data::text, $3::text) > 0
         or strpos(lower(data::text), lower($4)) > 0)`,
    [a.organisationId, subjects, a.attemptId, a.candidateEmail],
  );
}

/**
 * The audit log stays (it records the erasure itself), but no entry may keep naming the candidate:
 * detail fields holding their email or name are removed and the entry is marked `erased`.
 */
export async function scrubAuditLog(db: Queryable, a: ErasableAttempt): Promise<void> {
  await db.query(
    `update audit_log set details = (
         select coalesce(jsonb_object_agg(key, value), '{}'::jsonb) from jsonb_each(details)
         where strpos(lower(value::text), lower($2)) = 0 and lower(value #>> '{}') is distinct from lower($3)
       ) || '{"erased": true}'::jsonb
     where organisation_id = $1
       and (strpos(lower(details::text), lower($2)) > 0
         or exists (select 1 from jsonb_each(details) e where lower(e.value #>> '{}') = lower($3)))`,
    [a.organisationId, a.candidateEmail, a.candidateName],
  );
  await db.query(
    'update audit_log set actor_email = null where organisation_id = $1 and lower(actor_email) = lower($2)',
    [a.organisationId, a.candidateEmail],
  );
}

/**
 * Blanks the invitation's personal fields and marks both rows erased. An invitation never used is
 * withdrawn too, so no reminder can follow; its link answers 410 attempt_erased either way.
 */
export async function markErased(db: Queryable, a: ErasableAttempt): Promise<void> {
  await db.query(
    `update invitations set candidate_name = $2, candidate_email = $3, time_zone = null,
       revoked_at = case when (select started_at from attempts where id = $4) is null
                         then coalesce(revoked_at, now()) else revoked_at end,
       erased_at = now()
     where id = $1`,
    [a.invitationId, ERASED_NAME, erasedEmail(a.invitationId), a.attemptId],
  );
  await db.query('update attempts set erased_at = now() where id = $1', [a.attemptId]);
}
