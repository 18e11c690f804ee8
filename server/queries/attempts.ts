import { one, type Queryable } from '../db/pool.ts';

export interface AttemptRow {
  id: string;
  organisationId: string;
  assessmentId: string;
  assessmentTitle: string;
  challengeSlugs: string[];
  timeLimitMinutes: number;
  candidateName: string;
  candidateEmail: string;
  startedAt: Date | null;
  deadlineAt: Date | null;
  submittedAt: Date | null;
  /** The invitation's variant seed (#17); null: the default variant. */
  variantSeed: number | null;
}

const COLUMNS = `t.id, t.organisation_id as "organisationId", t.assessment_id as "assessmentId",
  a.title as "assessmentTitle", a.challenge_slugs as "challengeSlugs", a.time_limit_minutes as "timeLimitMinutes",
  i.candidate_name as "candidateName", i.candidate_email as "candidateEmail",
  t.started_at as "startedAt", t.deadline_at as "deadlineAt", t.submitted_at as "submittedAt",
  i.variant_seed as "variantSeed"`;
const FROM =
  'attempts t join assessments a on a.id = t.assessment_id join invitations i on i.id = t.invitation_id';

/** The variant seed of an attempt's invitation (#17): null for the default variant or no such attempt. */
export async function findVariantSeed(db: Queryable, attemptId: string): Promise<number | null> {
  const { rows } = await db.query<{ seed: number | null }>(
    `select i.variant_seed as seed from attempts t join invitations i on i.id = t.invitation_id where t.id = $1`,
    [attemptId],
  );
  return rows[0]?.seed ?? null;
}

export async function findAttempt(db: Queryable, id: string): Promise<AttemptRow | undefined> {
  const { rows } = await db.query<AttemptRow>(`select ${COLUMNS} from ${FROM} where t.id = $1`, [id]);
  return rows[0];
}

/**
 * Attempts across every organisation whose clock ran out (`graceMs` past the deadline) and that are
 * not submitted yet, oldest deadline first: the time-out sweep's work list.
 */
export async function listOverdueAttempts(
  db: Queryable,
  graceMs: number,
  limit: number,
): Promise<AttemptRow[]> {
  const { rows } = await db.query<AttemptRow>(
    `select ${COLUMNS} from ${FROM}
     where t.submitted_at is null and t.deadline_at < now() - make_interval(secs => $1)
     order by t.deadline_at limit $2`,
    [graceMs / 1000, limit],
  );
  return rows;
}

export async function findAttemptByInvitation(
  db: Queryable,
  invitationId: string,
): Promise<AttemptRow | undefined> {
  const { rows } = await db.query<AttemptRow>(`select ${COLUMNS} from ${FROM} where t.invitation_id = $1`, [
    invitationId,
  ]);
  return rows[0];
}

export async function listAttemptsOfAssessment(db: Queryable, organisationId: string, assessmentId: string) {
  const { rows } = await db.query<
    AttemptRow & { gradingErrors: number; submittedChallenges: number; gradedChallenges: number }
  >(
    `select ${COLUMNS},
       (select count(*)::int from gradings g where g.attempt_id = t.id and g.kind = 'submit' and g.status = 'error')
         as "gradingErrors",
       (select count(*)::int from gradings g where g.attempt_id = t.id and g.kind = 'submit') as "submittedChallenges",
       (select count(*)::int from gradings g where g.attempt_id = t.id and g.kind = 'submit' and g.status in ('done', 'error'))
         as "gradedChallenges"
     from ${FROM} where t.organisation_id = $1 and t.assessment_id = $2 order by t.created_at`,
    [organisationId, assessmentId],
  );
  return rows;
}

export async function insertAttempt(
  db: Queryable,
  a: { organisationId: string; invitationId: string; assessmentId: string },
): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    'insert into attempts (organisation_id, invitation_id, assessment_id) values ($1, $2, $3) returning id',
    [a.organisationId, a.invitationId, a.assessmentId],
  );
  return one(rows).id;
}

/** Starts the clock once; a second call changes nothing. */
export async function markAttemptStarted(db: Queryable, id: string, timeLimitMinutes: number): Promise<void> {
  await db.query(
    // An interview's clock also stops when its slot ends: nothing runs after it.
    `update attempts t set started_at = now(), deadline_at = least(
       now() + make_interval(mins => $2),
       coalesce((select v.ends_at from interviews v where v.invitation_id = t.invitation_id), 'infinity')
     )
     where t.id = $1 and t.started_at is null`,
    [id, timeLimitMinutes],
  );
}

export async function markAttemptSubmitted(db: Queryable, id: string): Promise<void> {
  await db.query('update attempts set submitted_at = now() where id = $1 and submitted_at is null', [id]);
}
