import type { Percentiles } from '../contract/staff.ts';
import type { Queryable } from '../db/pool.ts';
import { listGradedSubmissionDimensions } from '../queries/statistics.ts';
import {
  type CohortScore,
  challengeCohort,
  dimensionCohort,
  percentilesByCohort,
} from '../scoring/percentiles.ts';

/**
 * Every graded attempt's percentiles in the organisation, computed on read from the stored verdicts:
 * per challenge over that challenge's submissions, per dimension over the attempts whose score in it
 * came from the same challenges. An attempt not yet graded has none (an empty answer).
 */
export async function readPercentiles(
  db: Queryable,
  organisationId: string,
): Promise<(attemptId: string) => Percentiles> {
  const rows = await listGradedSubmissionDimensions(db, organisationId);
  const entries: CohortScore[] = [];
  const challengeScores = new Map<string, number>();
  const dimensions = new Map<
    string,
    { attemptId: string; dimension: string; earned: number; total: number; slugs: string[] }
  >();
  for (const row of rows) {
    // Variants do not exist yet: every submission is in its challenge's one cohort.
    const cohort = challengeCohort(row.challengeSlug);
    if (!challengeScores.has(`${row.attemptId} ${cohort}`)) {
      challengeScores.set(`${row.attemptId} ${cohort}`, row.challengeScore);
      entries.push({ attemptId: row.attemptId, cohort, score: row.challengeScore });
    }
    const key = `${row.attemptId} ${row.dimension}`;
    const sum = dimensions.get(key) ?? {
      attemptId: row.attemptId,
      dimension: row.dimension,
      earned: 0,
      total: 0,
      slugs: [],
    };
    sum.earned += row.earned;
    sum.total += row.total;
    sum.slugs.push(row.challengeSlug);
    dimensions.set(key, sum);
  }
  for (const d of dimensions.values()) {
    if (d.total <= 0) continue;
    entries.push({
      attemptId: d.attemptId,
      cohort: dimensionCohort(
        d.dimension,
        d.slugs.map((slug) => ({ slug })),
      ),
      // The attempt's auto score of the dimension, rounded as weightedScore rounds it.
      score: Math.round((d.earned / d.total) * 10_000) / 100,
    });
  }
  const ranked = percentilesByCohort(entries);
  const cohortsOf = new Map<string, { dimensions: Map<string, string>; challenges: Map<string, string> }>();
  for (const d of dimensions.values()) {
    const own = cohortsOf.get(d.attemptId) ?? { dimensions: new Map(), challenges: new Map() };
    own.dimensions.set(
      d.dimension,
      dimensionCohort(
        d.dimension,
        d.slugs.map((slug) => ({ slug })),
      ),
    );
    for (const slug of d.slugs) own.challenges.set(slug, challengeCohort(slug));
    cohortsOf.set(d.attemptId, own);
  }
  return (attemptId) => {
    const own = ranked.get(attemptId);
    const cohorts = cohortsOf.get(attemptId);
    if (!own || !cohorts) return { dimensions: {}, challenges: {} };
    const dimensionFigures = [...cohorts.dimensions].flatMap(([dimension, cohort]) => {
      const figure = own.get(cohort);
      return figure ? [[dimension, figure]] : [];
    });
    const challengeFigures = [...cohorts.challenges].flatMap(([slug, cohort]) => {
      const figure = own.get(cohort);
      const score = challengeScores.get(`${attemptId} ${cohort}`);
      return figure && score !== undefined ? [[slug, { score, ...figure }]] : [];
    });
    return {
      dimensions: Object.fromEntries(dimensionFigures),
      challenges: Object.fromEntries(challengeFigures),
    };
  };
}
