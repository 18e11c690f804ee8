/**
 * What the organisation's statistics are computed from: only submissions (never check runs) of
 * submitted attempts whose every submission has a result, only the asking organisation's.
 * Erased attempts stay in: erasure keeps their verdicts for exactly this (server/retention).
 */
import type { Queryable } from '../db/pool.ts';

/** Submitted, and nothing of it still queued or running. */
const GRADED_ATTEMPT = `a.organisation_id = $1 and a.submitted_at is not null
  and not exists (select 1 from gradings q where q.attempt_id = a.id and q.kind = 'submit'
                  and q.status in ('queued', 'running'))`;

/** A judged submission's score, the input of the per-challenge percentiles. */
export interface GradedSubmissionRow {
  attemptId: string;
  challengeSlug: string;
  /** 0-100 over all the challenge's checks. */
  score: number;
  /** The invitation's variant seed (#17): a different hidden fault is a cohort of its own. */
  variantSeed: number | null;
}

export async function listGradedSubmissions(
  db: Queryable,
  organisationId: string,
): Promise<GradedSubmissionRow[]> {
  const { rows } = await db.query<GradedSubmissionRow>(
    `select g.attempt_id as "attemptId", g.challenge_slug as "challengeSlug", g.score::float8 as score,
       i.variant_seed as "variantSeed"
     from attempts a join gradings g on g.attempt_id = a.id and g.organisation_id = $1
       join invitations i on i.id = a.invitation_id
     where ${GRADED_ATTEMPT} and g.kind = 'submit' and g.status = 'done' and g.score is not null`,
    [organisationId],
  );
  return rows;
}

/** A graded attempt's stored auto score of one dimension (attempt_scores, kept by the worker). */
export interface GradedDimensionRow {
  attemptId: string;
  dimension: string;
  score: number;
}

export async function listGradedDimensionScores(
  db: Queryable,
  organisationId: string,
): Promise<GradedDimensionRow[]> {
  const { rows } = await db.query<GradedDimensionRow>(
    `select s.attempt_id as "attemptId", s.dimension, s.score::float8 as score
     from attempts a join attempt_scores s on s.attempt_id = a.id
     where ${GRADED_ATTEMPT} and s.score is not null`,
    [organisationId],
  );
  return rows;
}

/** One judged submission's checks, reduced to what the statistics read (no titles or messages). */
export interface JudgedSubmissionRow {
  challengeSlug: string;
  checks: { id: string; passed: boolean; weight: number; score: number }[];
}

export async function listJudgedSubmissions(
  db: Queryable,
  organisationId: string,
): Promise<JudgedSubmissionRow[]> {
  const { rows } = await db.query<JudgedSubmissionRow>(
    `select g.challenge_slug as "challengeSlug",
       (select coalesce(jsonb_agg(jsonb_build_object('id', c->>'id', 'passed', (c->>'passed')::boolean,
                 'weight', (c->>'weight')::float8, 'score', (c->>'score')::float8)), '[]'::jsonb)
        from jsonb_array_elements(g.checks) c) as checks
     from attempts a join gradings g on g.attempt_id = a.id and g.organisation_id = $1
     where ${GRADED_ATTEMPT} and g.kind = 'submit' and g.status = 'done' and g.checks is not null`,
    [organisationId],
  );
  return rows;
}

/** Every rating of every review in the organisation, with its interviewer. */
export interface PanelRatingRow {
  reviewId: string;
  attemptId: string;
  reviewerId: string;
  reviewerName: string;
  dimension: string;
  rating: number;
}

export async function listPanelRatings(db: Queryable, organisationId: string): Promise<PanelRatingRow[]> {
  const { rows } = await db.query<PanelRatingRow>(
    `select r.id as "reviewId", r.attempt_id as "attemptId", r.reviewer_id as "reviewerId",
       u.name as "reviewerName", x.dimension, x.rating
     from reviews r join review_ratings x on x.review_id = r.id join staff_users u on u.id = r.reviewer_id
     where r.organisation_id = $1 and u.organisation_id = $1`,
    [organisationId],
  );
  return rows;
}
