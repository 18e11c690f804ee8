import type { Queryable } from '../db/pool.ts';
import type { GradingRow } from '../queries/gradings.ts';

/** Whether the organisation's assessment gives candidates feedback; undefined when it is not theirs. */
export async function findFeedbackSetting(
  db: Queryable,
  organisationId: string,
  assessmentId: string,
): Promise<boolean | undefined> {
  const { rows } = await db.query<{ on: boolean }>(
    'select candidate_feedback as on from assessments where organisation_id = $1 and id = $2',
    [organisationId, assessmentId],
  );
  return rows[0]?.on;
}

export async function updateFeedbackSetting(
  db: Queryable,
  organisationId: string,
  assessmentId: string,
  on: boolean,
): Promise<void> {
  await db.query('update assessments set candidate_feedback = $3 where organisation_id = $1 and id = $2', [
    organisationId,
    assessmentId,
    on,
  ]);
}

export interface AttemptFeedbackState {
  assessmentTitle: string;
  challengeSlugs: string[];
  candidateFeedback: boolean;
  /** Submitted, and no submission still queued or running: the final grading is recorded. */
  finallyGraded: boolean;
}

/** Where an attempt stands for its feedback: the assessment's setting and the grading's end. */
export async function findAttemptFeedbackState(
  db: Queryable,
  attemptId: string,
): Promise<AttemptFeedbackState | undefined> {
  const { rows } = await db.query<AttemptFeedbackState>(
    `select a.title as "assessmentTitle", a.challenge_slugs as "challengeSlugs",
       a.candidate_feedback as "candidateFeedback",
       t.submitted_at is not null and not exists (
         select 1 from gradings g where g.attempt_id = t.id and g.kind = 'submit' and g.status in ('queued', 'running')
       ) as "finallyGraded"
     from attempts t join assessments a on a.id = t.assessment_id
     where t.id = $1`,
    [attemptId],
  );
  return rows[0];
}

/** The newest submission of each challenge of the attempt: its status and stored checks only. */
export async function finalSubmissions(
  db: Queryable,
  attemptId: string,
): Promise<Pick<GradingRow, 'challengeSlug' | 'status' | 'checks'>[]> {
  const { rows } = await db.query<Pick<GradingRow, 'challengeSlug' | 'status' | 'checks'>>(
    `select distinct on (challenge_slug) challenge_slug as "challengeSlug", status, checks
     from gradings where attempt_id = $1 and kind = 'submit'
     order by challenge_slug, created_at desc`,
    [attemptId],
  );
  return rows;
}
