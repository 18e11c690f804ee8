import type { DimensionId } from '../contract/api.ts';
import type { ParticipantRole } from '../contract/interview.ts';
import { one, type Queryable } from '../db/pool.ts';

export interface InterviewRow {
  id: string;
  organisationId: string;
  assessmentId: string;
  attemptId: string;
  title: string;
  challengeSlugs: string[];
  candidateName: string;
  startsAt: Date;
  endsAt: Date;
  meetingUrl: string | null;
  startedAt: Date | null;
  deadlineAt: Date | null;
  submittedAt: Date | null;
  /** The invitation's variant seed (#17): the panel sees the brief the candidate has, and its label. */
  variantSeed: number | null;
  participants: { staffUserId: string; name: string; role: ParticipantRole }[];
}

const SELECT = `select v.id, v.organisation_id as "organisationId", v.assessment_id as "assessmentId",
    t.id as "attemptId", a.title, a.challenge_slugs as "challengeSlugs", i.candidate_name as "candidateName",
    v.starts_at as "startsAt", v.ends_at as "endsAt", v.meeting_url as "meetingUrl",
    t.started_at as "startedAt", t.deadline_at as "deadlineAt", t.submitted_at as "submittedAt",
    i.variant_seed as "variantSeed",
    coalesce((
      select json_agg(json_build_object('staffUserId', p.staff_user_id, 'name', u.name, 'role', p.role)
                      order by p.joined_at)
      from interview_participants p join staff_users u on u.id = p.staff_user_id
      where p.interview_id = v.id
    ), '[]'::json) as participants
  from interviews v
  join assessments a on a.id = v.assessment_id
  join invitations i on i.id = v.invitation_id
  join attempts t on t.invitation_id = v.invitation_id`;

export async function insertInterview(
  db: Queryable,
  row: {
    organisationId: string;
    assessmentId: string;
    invitationId: string;
    startsAt: Date;
    endsAt: Date;
    meetingUrl: string | null;
    createdBy: string;
  },
): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `insert into interviews (organisation_id, assessment_id, invitation_id, starts_at, ends_at, meeting_url, created_by)
     values ($1, $2, $3, $4, $5, $6, $7) returning id`,
    [
      row.organisationId,
      row.assessmentId,
      row.invitationId,
      row.startsAt,
      row.endsAt,
      row.meetingUrl,
      row.createdBy,
    ],
  );
  return one(rows).id;
}

/** One interview of the organisation (another organisation's is "not found", like a missing one). */
export async function findInterview(
  db: Queryable,
  organisationId: string,
  id: string,
): Promise<InterviewRow | undefined> {
  const { rows } = await db.query<InterviewRow>(`${SELECT} where v.id = $1 and v.organisation_id = $2`, [
    id,
    organisationId,
  ]);
  return rows[0];
}

/** The interview an attempt belongs to, if it is one. */
export async function findInterviewOfAttempt(
  db: Queryable,
  attemptId: string,
): Promise<InterviewRow | undefined> {
  const { rows } = await db.query<InterviewRow>(`${SELECT} where t.id = $1`, [attemptId]);
  return rows[0];
}

export async function listInterviews(db: Queryable, organisationId: string): Promise<InterviewRow[]> {
  const { rows } = await db.query<InterviewRow>(
    `${SELECT} where v.organisation_id = $1 order by v.starts_at desc limit 500`,
    [organisationId],
  );
  return rows;
}

/** Joins (or changes one's role in) an interview. */
export async function upsertParticipant(
  db: Queryable,
  interviewId: string,
  staffUserId: string,
  role: ParticipantRole,
): Promise<void> {
  await db.query(
    `insert into interview_participants (interview_id, staff_user_id, role) values ($1, $2, $3)
     on conflict (interview_id, staff_user_id) do update set role = excluded.role`,
    [interviewId, staffUserId, role],
  );
}

export async function listRatings(
  db: Queryable,
  interviewId: string,
  staffUserId: string,
): Promise<Partial<Record<DimensionId, number>>> {
  const { rows } = await db.query<{ dimension: DimensionId; rating: number }>(
    'select dimension, rating from interview_ratings where interview_id = $1 and staff_user_id = $2',
    [interviewId, staffUserId],
  );
  return Object.fromEntries(rows.map((r) => [r.dimension, r.rating]));
}

/** A staff member's quick ratings from the interviews of this attempt: their review's starting point. */
export async function ratingsForReview(
  db: Queryable,
  attemptId: string,
  staffUserId: string,
): Promise<Partial<Record<DimensionId, number>>> {
  const { rows } = await db.query<{ dimension: DimensionId; rating: number }>(
    `select r.dimension, r.rating from interview_ratings r
     join interviews v on v.id = r.interview_id join attempts t on t.invitation_id = v.invitation_id
     where t.id = $1 and r.staff_user_id = $2`,
    [attemptId, staffUserId],
  );
  return Object.fromEntries(rows.map((r) => [r.dimension, r.rating]));
}

export async function setRatings(
  db: Queryable,
  interviewId: string,
  staffUserId: string,
  ratings: Partial<Record<DimensionId, number | null>>,
): Promise<void> {
  for (const [dimension, rating] of Object.entries(ratings)) {
    if (rating === null) {
      await db.query(
        'delete from interview_ratings where interview_id = $1 and staff_user_id = $2 and dimension = $3',
        [interviewId, staffUserId, dimension],
      );
    } else {
      await db.query(
        `insert into interview_ratings (interview_id, staff_user_id, dimension, rating) values ($1, $2, $3, $4)
         on conflict (interview_id, staff_user_id, dimension) do update set rating = excluded.rating, updated_at = now()`,
        [interviewId, staffUserId, dimension, rating],
      );
    }
  }
}

/** A participant's own notes on this attempt (every note on a replay is a staff note). */
export async function listOwnNotes(db: Queryable, attemptId: string, authorId: string) {
  const { rows } = await db.query<{
    id: string;
    challengeSlug: string;
    seq: number;
    body: string;
    createdAt: Date;
  }>(
    `select id, challenge_slug as "challengeSlug", seq::float8 as seq, body, created_at as "createdAt"
     from replay_notes where attempt_id = $1 and author_id = $2 order by created_at`,
    [attemptId, authorId],
  );
  return rows;
}

/** The newest event's seq of an attempt (0 before any): where a note taken now is pinned. */
export async function lastSeq(db: Queryable, attemptId: string): Promise<number> {
  const { rows } = await db.query<{ seq: number }>(
    'select coalesce(max(seq), 0)::float8 as seq from attempt_events where attempt_id = $1',
    [attemptId],
  );
  return one(rows).seq;
}

export async function loadDocumentState(
  db: Queryable,
  attemptId: string,
  slug: string,
): Promise<Buffer | null> {
  const { rows } = await db.query<{ state: Buffer }>(
    'select state from collab_documents where attempt_id = $1 and challenge_slug = $2',
    [attemptId, slug],
  );
  return rows[0]?.state ?? null;
}

export async function storeDocumentState(
  db: Queryable,
  attemptId: string,
  slug: string,
  state: Uint8Array,
): Promise<void> {
  await db.query(
    `insert into collab_documents (attempt_id, challenge_slug, state) values ($1, $2, $3)
     on conflict (attempt_id, challenge_slug) do update set state = excluded.state, updated_at = now()`,
    [attemptId, slug, Buffer.from(state)],
  );
}
