import type { Dimension } from '../challenges/schema.ts';
import type { Recommendation } from '../contract/staff.ts';
import { one, type Queryable } from '../db/pool.ts';

export interface ReviewRow {
  id: string;
  attemptId: string;
  reviewerId: string;
  reviewerName: string;
  recommendation: Recommendation;
  summary: string;
  submittedAt: Date;
  ratings: { dimension: Dimension; rating: number; notes: string }[];
}

const COLUMNS = `r.id, r.attempt_id as "attemptId", r.reviewer_id as "reviewerId", u.name as "reviewerName",
  r.recommendation, r.summary, r.submitted_at as "submittedAt",
  coalesce((select json_agg(json_build_object('dimension', x.dimension, 'rating', x.rating, 'notes', x.notes)
              order by x.dimension)
            from review_ratings x where x.review_id = r.id), '[]'::json) as ratings`;

/** Every review of the attempts given, scoped to the organisation. */
export async function listReviewsOfAttempts(
  db: Queryable,
  organisationId: string,
  attemptIds: string[],
): Promise<ReviewRow[]> {
  const { rows } = await db.query<ReviewRow>(
    `select ${COLUMNS} from reviews r join staff_users u on u.id = r.reviewer_id
     where r.organisation_id = $1 and r.attempt_id = any($2::uuid[]) order by r.submitted_at, r.id`,
    [organisationId, attemptIds],
  );
  return rows;
}

/** Stores a review and its ratings; a second review by the same person fails the unique key (23505). */
export async function insertReview(
  db: Queryable,
  review: {
    organisationId: string;
    attemptId: string;
    reviewerId: string;
    recommendation: Recommendation;
    summary: string;
    ratings: { dimension: Dimension; rating: number; notes: string }[];
  },
): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `insert into reviews (organisation_id, attempt_id, reviewer_id, recommendation, summary)
     values ($1, $2, $3, $4, $5) returning id`,
    [review.organisationId, review.attemptId, review.reviewerId, review.recommendation, review.summary],
  );
  const id = one(rows).id;
  await db.query(
    `insert into review_ratings (review_id, dimension, rating, notes)
     select $1, r.dimension, r.rating, r.notes
     from unnest($2::text[], $3::int[], $4::text[]) as r(dimension, rating, notes)`,
    [
      id,
      review.ratings.map((r) => r.dimension),
      review.ratings.map((r) => r.rating),
      review.ratings.map((r) => r.notes),
    ],
  );
  return id;
}
