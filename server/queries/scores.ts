import type { Queryable } from '../db/pool.ts';
import type { DimensionScore } from '../grading/types.ts';

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
