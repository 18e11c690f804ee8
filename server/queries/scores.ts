import type { Queryable } from '../db/pool.ts';
import type { DimensionScore, StoredCheckResult } from '../scoring/types.ts';

export async function replaceAttemptScores(
  db: Queryable,
  attemptId: string,
  scores: DimensionScore[],
): Promise<void> {
  await db.query('delete from attempt_scores where attempt_id = $1', [attemptId]);
  for (const s of scores) {
    await db.query(
      'insert into attempt_scores (attempt_id, dimension, score, check_count) values ($1, $2, $3, $4)',
      [attemptId, s.dimension, s.score, s.checkCount],
    );
  }
}

export async function listScoresOfAssessment(db: Queryable, organisationId: string, assessmentId: string) {
  const { rows } = await db.query<DimensionScore & { attemptId: string }>(
    `select s.attempt_id as "attemptId", s.dimension, s.score::float8 as score, s.check_count as "checkCount"
     from attempt_scores s join attempts t on t.id = s.attempt_id
     where t.organisation_id = $1 and t.assessment_id = $2`,
    [organisationId, assessmentId],
  );
  return rows;
}

/** A submitted challenge's stored result, the input of every auto score read back. */
export interface SubmissionRow {
  attemptId: string;
  challengeSlug: string;
  status: 'queued' | 'running' | 'done' | 'error';
  score: number | null;
  checks: StoredCheckResult[] | null;
  error: string | null;
  /** The grader's output showed signs of tampering (see gradings.tampering). */
  tampering: boolean;
}

const SUBMISSION_COLUMNS = `g.attempt_id as "attemptId", g.challenge_slug as "challengeSlug", g.status,
  g.score::float8 as score, g.checks, g.error, g.tampering`;

/** The submissions of every attempt of an assessment, scoped to the organisation. */
export async function listSubmissionsOfAssessment(
  db: Queryable,
  organisationId: string,
  assessmentId: string,
): Promise<SubmissionRow[]> {
  const { rows } = await db.query<SubmissionRow>(
    `select ${SUBMISSION_COLUMNS} from gradings g join attempts t on t.id = g.attempt_id
     where t.organisation_id = $1 and t.assessment_id = $2 and g.kind = 'submit'
     order by g.attempt_id, g.challenge_slug`,
    [organisationId, assessmentId],
  );
  return rows;
}

export async function listSubmissionsOfAttempt(
  db: Queryable,
  organisationId: string,
  attemptId: string,
): Promise<SubmissionRow[]> {
  const { rows } = await db.query<SubmissionRow>(
    `select ${SUBMISSION_COLUMNS} from gradings g
     where g.organisation_id = $1 and g.attempt_id = $2 and g.kind = 'submit' order by g.challenge_slug`,
    [organisationId, attemptId],
  );
  return rows;
}
