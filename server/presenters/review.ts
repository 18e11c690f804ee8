import type { Rubric } from '../challenges/schema.ts';
import type { AutoScore, ManualScore, Review } from '../contract/staff.ts';
import type { ReviewRow } from '../queries/reviews.ts';
import { type DimensionEvidence, estimateLevel, type LevelEstimate } from '../scoring/level.ts';

export function presentReview(row: ReviewRow, viewerId: string): Review {
  return {
    id: row.id,
    reviewerName: row.reviewerName,
    mine: row.reviewerId === viewerId,
    recommendation: row.recommendation,
    summary: row.summary,
    submittedAt: row.submittedAt.toISOString(),
    ratings: Object.fromEntries(row.ratings.map((r) => [r.dimension, { rating: r.rating, notes: r.notes }])),
  };
}

/** The level estimate over the assessed dimensions, from their auto scores and interviewer ratings. */
export function presentLevel(
  rubric: Rubric,
  assessed: readonly string[],
  auto: Partial<Record<string, AutoScore>>,
  manual: Partial<Record<string, ManualScore>>,
): LevelEstimate {
  const evidence: DimensionEvidence[] = rubric.dimensions
    .filter((d) => assessed.includes(d.id))
    .map((d) => ({
      dimension: d.id,
      title: d.title,
      auto: auto[d.id]?.score ?? null,
      checkCount: auto[d.id]?.checkCount ?? 0,
      graderErrorChecks: auto[d.id]?.graderErrorChecks ?? 0,
      manual: manual[d.id]?.mean ?? null,
      ratingCount: manual[d.id]?.count ?? 0,
    }));
  return estimateLevel(evidence);
}
