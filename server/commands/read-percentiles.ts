import type { Catalogue } from '../challenges/load.ts';
import { difficultyVariant } from '../challenges/variants.ts';
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
 * challenge's submission scores (per hidden fault where a live incident draws one: difficultyVariant), per dimension over the stored auto scores (attempt_scores) of the
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
  /** Each attempt's judged challenges, with the variant that sets its cohort apart (difficultyVariant). */
  const judged = new Map<string, { slug: string; variant: string | null }[]>();
  const entries: CohortScore[] = [];
  for (const s of submissions) {
    const variant = difficultyVariant(catalogue.challenges.get(s.challengeSlug), s.variantSeed);
    judged.set(s.attemptId, [...(judged.get(s.attemptId) ?? []), { slug: s.challengeSlug, variant }]);
    entries.push({
      attemptId: s.attemptId,
      cohort: challengeCohort(s.challengeSlug, variant),
      score: s.score,
    });
  }
  const scoresDimension = (slug: string, dimension: string) =>
    catalogue.challenges.get(slug)?.manifest.checks.some((c) => c.dimension === dimension) ?? false;
  const dimensionCohorts = new Map<string, Map<string, string>>();
  for (const d of dimensionScores) {
    const scoring = (judged.get(d.attemptId) ?? []).filter((c) => scoresDimension(c.slug, d.dimension));
    if (scoring.length === 0) continue;
    const cohort = dimensionCohort(d.dimension, scoring);
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
    const challenges = (judged.get(attemptId) ?? []).flatMap(({ slug, variant }) => {
      const figure = own.get(challengeCohort(slug, variant));
      const score = challengeScores.get(`${attemptId} ${slug}`);
      return figure && score !== undefined ? [[slug, { score, ...figure }]] : [];
    });
    return { dimensions: Object.fromEntries(dimensions), challenges: Object.fromEntries(challenges) };
  };
}
