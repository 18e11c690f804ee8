/**
 * Percentiles of scores within a cohort: the organisation's submitted, graded attempts that were
 * scored by the same checks. The mid-rank definition: the share of the cohort strictly below plus
 * half the share tied with the score (the candidate included), times 100. Ties get the same
 * percentile, a higher score always a higher one, and a candidate added to the cohort never
 * changes the order of the others; the figure stays strictly inside (0, 100).
 */

/** Fewer candidates than this in a cohort make its percentiles provisional. */
export const PROVISIONAL_UNDER = 30;

export interface Percentile {
  /** 0-100, one decimal. */
  percentile: number;
  /** How many candidates the percentile is computed over, the candidate included. */
  cohort: number;
  provisional: boolean;
}

/**
 * The key of a per-challenge cohort; a variant whose difficulty differs (a live incident's hidden
 * fault: difficultyVariant in challenges/variants.ts) gets a cohort of its own.
 */
export function challengeCohort(challengeSlug: string, variant: string | null = null): string {
  return variant === null ? `challenge:${challengeSlug}` : `challenge:${challengeSlug}@${variant}`;
}

/**
 * The key of a per-dimension cohort: the dimension and the challenges (with their variants) whose
 * checks scored it. Two attempts share a cohort only when the same checks made their score, so an
 * assessment of one challenge is never ranked against one of three.
 */
export function dimensionCohort(
  dimension: string,
  challenges: readonly { slug: string; variant?: string | null }[],
): string {
  const parts = challenges.map((c) => (c.variant ? `${c.slug}@${c.variant}` : c.slug)).sort();
  return `dimension:${dimension}:${parts.join('+')}`;
}

/** The first index in an ascending list whose value is not below `score` (or above, with `strict`). */
function bound(sorted: readonly number[], score: number, strict: boolean): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    const value = sorted[mid] as number;
    if (value < score || (strict && value === score)) low = mid + 1;
    else high = mid;
  }
  return low;
}

/**
 * The mid-rank percentile of a score in a cohort given as ascending scores that include it.
 * Refuses a score the cohort does not hold: the candidate always counts in their own cohort.
 */
export function midRankPercentile(sortedCohort: readonly number[], score: number): Percentile {
  const below = bound(sortedCohort, score, false);
  const tied = bound(sortedCohort, score, true) - below;
  if (tied === 0) throw new Error(`the cohort does not hold the score ${score}`);
  const cohort = sortedCohort.length;
  return {
    percentile: Math.round(((below + tied / 2) / cohort) * 1000) / 10,
    cohort,
    provisional: cohort < PROVISIONAL_UNDER,
  };
}

/** One scored entry: whose (an attempt), in which cohort, and the score (0-100). */
export interface CohortScore {
  attemptId: string;
  cohort: string;
  score: number;
}

/** Every entry's percentile within its cohort, keyed by attempt id, then cohort key. */
export function percentilesByCohort(entries: readonly CohortScore[]): Map<string, Map<string, Percentile>> {
  const cohorts = new Map<string, number[]>();
  for (const e of entries) {
    const scores = cohorts.get(e.cohort) ?? [];
    scores.push(e.score);
    cohorts.set(e.cohort, scores);
  }
  for (const scores of cohorts.values()) scores.sort((a, b) => a - b);
  const result = new Map<string, Map<string, Percentile>>();
  for (const e of entries) {
    const own = result.get(e.attemptId) ?? new Map<string, Percentile>();
    own.set(e.cohort, midRankPercentile(cohorts.get(e.cohort) ?? [], e.score));
    result.set(e.attemptId, own);
  }
  return result;
}
