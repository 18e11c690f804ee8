import type { Catalogue } from '../challenges/load.ts';
import type { Percentiles } from '../contract/staff.ts';
import type { Queryable } from '../db/pool.ts';
import { listGradedDimensionScores, listGradedSubmissions } from '../queries/statistics.ts';
import {
  type CohortScore,
  challengeCohort,
  dimensionCohort,
  percentilesByCohort,
} from '../scoring/percentiles.ts';

/**
 * Every graded attempt's percentiles in the organisation, computed on read: per challenge over that
 * challenge's submission scores, per dimension over the stored auto scores (attempt_scores) of the
 * attempts whose score in it came from the same judged challenges. An attempt not yet graded has
 * none (an empty answer).
 */
export async function readPercentiles(
  db: Queryable,
  catalogue: Catalogue,
  organisationId: string,
): Promise<(attemptId: string) => Percentiles> {
  const [submissions, dimensionScores] = await Promise.all([
    listGradedSubmissions(db, organisationId),
    listGradedDimensionScores(db, organisationId),
  ]);
  const judged = new Map<string, string[]>();
  const entries: CohortScore[] = [];
  for (const s of submissions) {
    judged.set(s.attemptId, [...(judged.get(s.attemptId) ?? []), s.challengeSlug]);
    // Variants do not exist yet: every submission is in its challenge's one cohort.
    entries.push({ attemptId: s.attemptId, cohort: challengeCohort(s.challengeSlug), score: s.score });
  }
  const scoresDimension = (slug: string, dimension: string) =>
    catalogue.challenges.get(slug)?.manifest.checks.some((c) => c.dimension === dimension) ?? false;
  const dimensionCohorts = new Map<string, Map<string, string>>();
  for (const d of dimensionScores) {
    const slugs = (judged.get(d.attemptId) ?? []).filter((slug) => scoresDimension(slug, d.dimension));
    if (slugs.length === 0) continue;
    const cohort = dimensionCohort(
      d.dimension,
      slugs.map((slug) => ({ slug })),
    );
    entries.push({ attemptId: d.attemptId, cohort, score: d.score });
    const own = dimensionCohorts.get(d.attemptId) ?? new Map<string, string>();
    dimensionCohorts.set(d.attemptId, own.set(d.dimension, cohort));
  }
  const ranked = percentilesByCohort(entries);
  const challengeScores = new Map(submissions.map((s) => [`${s.attemptId} ${s.challengeSlug}`, s.score]));
  return (attemptId) => {
    const own = ranked.get(attemptId);
    if (!own) return { dimensions: {}, challenges: {} };
    const dimensions = [...(dimensionCohorts.get(attemptId) ?? [])].flatMap(([dimension, cohort]) => {
      const figure = own.get(cohort);
      return figure ? [[dimension, figure]] : [];
    });
    const challenges = (judged.get(attemptId) ?? []).flatMap((slug) => {
      const figure = own.get(challengeCohort(slug));
      const score = challengeScores.get(`${attemptId} ${slug}`);
      return figure && score !== undefined ? [[slug, { score, ...figure }]] : [];
    });
    return { dimensions: Object.fromEntries(dimensions), challenges: Object.fromEntries(challenges) };
  };
}
