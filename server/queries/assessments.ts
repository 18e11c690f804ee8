import { one, type Queryable } from '../db/pool.ts';

export interface AssessmentRow {
  id: string;
  organisationId: string;
  title: string;
  challengeSlugs: string[];
  timeLimitMinutes: number;
  attemptCount: number;
}

const COLUMNS = `a.id, a.organisation_id as "organisationId", a.title, a.challenge_slugs as "challengeSlugs",
  a.time_limit_minutes as "timeLimitMinutes",
  (select count(*)::int from attempts t where t.assessment_id = a.id) as "attemptCount"`;

export async function listAssessments(db: Queryable, organisationId: string): Promise<AssessmentRow[]> {
  const { rows } = await db.query<AssessmentRow>(
    `select ${COLUMNS} from assessments a where a.organisation_id = $1 order by a.created_at desc`,
    [organisationId],
  );
  return rows;
}

/** Only within the organisation: another organisation's assessment is "not found". */
export async function findAssessment(
  db: Queryable,
  organisationId: string,
  id: string,
): Promise<AssessmentRow | undefined> {
  const { rows } = await db.query<AssessmentRow>(
    `select ${COLUMNS} from assessments a where a.organisation_id = $1 and a.id = $2`,
    [organisationId, id],
  );
  return rows[0];
}

export async function insertAssessment(
  db: Queryable,
  a: {
    organisationId: string;
    title: string;
    challengeSlugs: string[];
    timeLimitMinutes: number;
    createdBy: string | null;
  },
): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `insert into assessments (organisation_id, title, challenge_slugs, time_limit_minutes, created_by)
     values ($1, $2, $3, $4, $5) returning id`,
    [a.organisationId, a.title, a.challengeSlugs, a.timeLimitMinutes, a.createdBy],
  );
  return one(rows).id;
}
