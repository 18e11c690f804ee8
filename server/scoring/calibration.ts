/**
 * Reviewer calibration: how far each interviewer sits from the rest of the panel, and a panel mean
 * with that leniency or severity taken out.
 *
 * Two figures per interviewer, from the ratings they gave on attempts and dimensions someone else
 * also rated (a "shared" rating):
 * - the offset, the mean of (their rating - the mean of the others' ratings of the same attempt and
 *   dimension), and its spread (the sample standard deviation of those differences): what a manager
 *   reads beside their ratings;
 * - the correction, what the calibrated mean takes off each of their ratings. It comes from the
 *   additive model rating = merit(attempt, dimension) + bias(interviewer) + noise, fitted by least
 *   squares with a ridge penalty PRIOR_RATINGS * bias² (alternating exact updates). The penalty is the
 *   shrinkage: it is the normal-prior (empirical Bayes) estimate whose prior weighs as much as
 *   PRIOR_RATINGS shared ratings, so an interviewer with n shared ratings keeps about n/(n+5) of their
 *   apparent bias, and one who never rated beside anyone is not corrected at all.
 * Why a fitted model and not the offset itself: the offset is measured against a panel that includes
 * the lenient interviewer's colleagues' offsets too (one rating +1 above two agreeing colleagues gives
 * them -0.5 each), so subtracting offsets over-corrects; the model finds the split (+2/3, -1/3, -1/3)
 * after which every calibrated rating of that attempt agrees.
 */

/** How many shared ratings the prior (no bias) weighs as: half strength at five, one full review of five dimensions beside a colleague. */
export const PRIOR_RATINGS = 5;
const ITERATIONS = 2000;
const TOLERANCE = 1e-10;

export interface Rating {
  attemptId: string;
  dimension: string;
  reviewerId: string;
  /** 1-4 */
  rating: number;
}

export interface ReviewerCalibration {
  reviewerId: string;
  /** Mean of their rating minus the others' mean on shared ratings; null when they shared none. */
  offset: number | null;
  /** Sample standard deviation of those differences; null under two shared ratings. */
  spread: number | null;
  sharedRatings: number;
  sharedAttempts: number;
  /** What the calibrated mean subtracts from each of their ratings (shrunk toward 0). */
  correction: number;
}

const round = (n: number, places = 2): number => Math.round(n * 10 ** places) / 10 ** places;
const cellOf = (r: Pick<Rating, 'attemptId' | 'dimension'>) => `${r.attemptId}\u0000${r.dimension}`;
const mean = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / values.length;

/** The ratings of cells that more than one interviewer rated, grouped by cell. */
function sharedCells(ratings: readonly Rating[]): Rating[][] {
  const cells = new Map<string, Rating[]>();
  for (const r of ratings) {
    const cell = cells.get(cellOf(r));
    if (cell) cell.push(r);
    else cells.set(cellOf(r), [r]);
  }
  return [...cells.values()].filter((c) => c.some((r) => r.reviewerId !== c[0]?.reviewerId));
}

/** The model's bias per interviewer (see the module comment), with `prior` as the ridge weight. */
export function fitCorrections(ratings: readonly Rating[], prior = PRIOR_RATINGS): Map<string, number> {
  const cells = sharedCells(ratings);
  // Flat arrays: the loop below runs over every shared rating on each pass.
  const ids = [...new Set(cells.flat().map((r) => r.reviewerId))];
  const index = new Map(ids.map((id, i) => [id, i]));
  const who = cells.map((cell) => cell.map((r) => index.get(r.reviewerId) as number));
  const value = cells.map((cell) => cell.map((r) => r.rating));
  const count = new Float64Array(ids.length);
  for (const members of who) for (const i of members) count[i] = (count[i] as number) + 1;
  const bias = new Float64Array(ids.length);
  const residual = new Float64Array(ids.length);
  for (let pass = 0; pass < ITERATIONS; pass++) {
    residual.fill(0);
    for (let c = 0; c < who.length; c++) {
      const members = who[c] as number[];
      const ratingsOf = value[c] as number[];
      let merit = 0;
      for (let k = 0; k < members.length; k++)
        merit += (ratingsOf[k] as number) - (bias[members[k] as number] as number);
      merit /= members.length;
      for (let k = 0; k < members.length; k++) {
        const i = members[k] as number;
        residual[i] = (residual[i] as number) + (ratingsOf[k] as number) - merit;
      }
    }
    let change = 0;
    for (let i = 0; i < ids.length; i++) {
      const next = (residual[i] as number) / ((count[i] as number) + prior);
      change = Math.max(change, Math.abs(next - (bias[i] as number)));
      bias[i] = next;
    }
    if (change < TOLERANCE) break;
  }
  return new Map(ids.map((id, i) => [id, bias[i] as number]));
}

/** Every interviewer's offset, spread and correction over the ratings given (one organisation's). */
export function calibrateReviewers(
  ratings: readonly Rating[],
  corrections: ReadonlyMap<string, number> = fitCorrections(ratings),
): Map<string, ReviewerCalibration> {
  const differences = new Map<string, { values: number[]; attempts: Set<string> }>();
  for (const cell of sharedCells(ratings)) {
    for (const r of cell) {
      const others = cell.filter((o) => o.reviewerId !== r.reviewerId).map((o) => o.rating);
      const own = differences.get(r.reviewerId) ?? { values: [], attempts: new Set<string>() };
      own.values.push(r.rating - mean(others));
      own.attempts.add(r.attemptId);
      differences.set(r.reviewerId, own);
    }
  }
  const result = new Map<string, ReviewerCalibration>();
  for (const id of new Set(ratings.map((r) => r.reviewerId))) {
    const own = differences.get(id);
    const values = own?.values ?? [];
    const offset = values.length === 0 ? null : mean(values);
    const spread =
      offset === null || values.length < 2
        ? null
        : Math.sqrt(values.reduce((s, v) => s + (v - offset) ** 2, 0) / (values.length - 1));
    result.set(id, {
      reviewerId: id,
      offset: offset === null ? null : round(offset),
      spread: spread === null ? null : round(spread),
      sharedRatings: values.length,
      sharedAttempts: own?.attempts.size ?? 0,
      correction: round(corrections.get(id) ?? 0, 3),
    });
  }
  return result;
}

/**
 * The calibrated mean of one attempt's ratings of one dimension: each rating less its interviewer's
 * correction, averaged, kept on the 1-4 scale; null when nobody rated it.
 */
export function calibratedMean(
  cell: readonly Pick<Rating, 'reviewerId' | 'rating'>[],
  corrections: ReadonlyMap<string, number>,
): number | null {
  if (cell.length === 0) return null;
  const value = mean(cell.map((r) => r.rating - (corrections.get(r.reviewerId) ?? 0)));
  return round(Math.min(4, Math.max(1, value)));
}
