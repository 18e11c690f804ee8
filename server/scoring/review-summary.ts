import type { Dimension } from '../challenges/schema.ts';
import { type ManualScore, RECOMMENDATIONS, type Recommendation } from '../contract/staff.ts';

interface RatedReview {
  recommendation: Recommendation;
  ratings: { dimension: Dimension; rating: number }[];
}

/** Per dimension: the interviewers' mean rating, how many rated it, and the spread between them. */
export function manualScores(
  reviews: readonly RatedReview[],
  dimensions: readonly Dimension[],
): Partial<Record<Dimension, ManualScore>> {
  return Object.fromEntries(
    dimensions.map((dimension) => {
      const ratings = reviews.flatMap((r) => r.ratings.filter((x) => x.dimension === dimension));
      const values = ratings.map((r) => r.rating);
      const mean =
        values.length === 0
          ? null
          : Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 100) / 100;
      const spread = values.length < 2 ? null : Math.max(...values) - Math.min(...values);
      return [dimension, { mean, count: values.length, spread }];
    }),
  );
}

/** How many interviewers recommended what. */
export function recommendationCounts(reviews: readonly RatedReview[]): Record<Recommendation, number> {
  const counts = Object.fromEntries(RECOMMENDATIONS.map((r) => [r, 0])) as Record<Recommendation, number>;
  for (const review of reviews) counts[review.recommendation] += 1;
  return counts;
}
