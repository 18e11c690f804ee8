/**
 * The latency histogram the service exposes, and p99 computed from it exactly as PromQL's
 * histogram_quantile does (linear interpolation inside the bucket the rank falls in).
 */
export const BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, Number.POSITIVE_INFINITY] as const;

/** `le` label values, in bucket order. */
export const BUCKET_LABELS = BUCKETS.map((le) => (le === Number.POSITIVE_INFINITY ? '+Inf' : String(le)));

/** A latency mix: the cumulative share of requests at or below each bucket, and the mean. */
export interface LatencyProfile {
  readonly cumulative: readonly number[];
  readonly mean: number;
}

/**
 * A profile whose p99 is exactly `p99`: 0.38–0.5 s, 0.9–1 s, 1–2.45 s or 2.55–4.5 s. The lower buckets stay those of a
 * healthy service and the mean stays low, so only a quantile over the histogram sees the tail.
 */
export function profileWithP99(p99: number, tail: 'thin' | 'fat' = 'thin'): LatencyProfile {
  const low = [0.6, 0.85, 0.93];
  if (p99 >= 0.38 && p99 <= 0.5) {
    // Rank 0.99 falls in (0.25, 0.5]: c(0.25) = 0.98, solve c(0.5).
    const c05 = 0.98 + (0.25 * 0.01) / (p99 - 0.25);
    return profile([...low.slice(0, 2), 0.98, Math.min(1, c05), 1, 1, 1, 1], 0.06);
  }
  if (p99 >= 0.9 && p99 <= 1) {
    const c1 = 0.95 + (0.5 * 0.04) / (p99 - 0.5);
    return profile([...low, 0.95, Math.min(1, c1), 1, 1, 1], 0.12);
  }
  if (p99 > 1 && p99 <= 2.45) {
    // A thin tail (about 1 % above 2.5 s, a percent or two above 1 s), as a deploy's cold caches
    // give; a fat one (nothing above 2.5 s, so up to 15 % above 1 s) for one pod that is truly slow.
    const k = (p99 - 1) / 1.5;
    const c25 = tail === 'thin' ? 0.9905 : 1;
    const c1 = (0.99 - k * c25) / (1 - k);
    return profile([...low, 0.95, c1, c25, 1, 1], 0.2);
  }
  if (p99 >= 2.55 && p99 <= 4.5) {
    // c(5) = 1: p99 = 2.5 + 2.5 (0.99 - c25) / (1 - c25).
    const k = (p99 - 2.5) / 2.5;
    const c25 = (0.99 - k) / (1 - k);
    return profile([...low, 0.95, c25 - 0.01, c25, 1, 1], 0.25);
  }
  throw new Error(`no latency profile for p99 ${p99}`);
}

// Lower buckets never hold more than the ones above them; lowering them leaves the p99 unchanged.
function profile(cumulative: number[], mean: number): LatencyProfile {
  for (let i = cumulative.length - 2; i >= 0; i--) {
    cumulative[i] = Math.min(cumulative[i] as number, cumulative[i + 1] as number);
  }
  return { cumulative, mean };
}

/**
 * PromQL's histogram_quantile over cumulative bucket counts (same order as BUCKETS); NaN without
 * observations.
 */
export function histogramQuantile(q: number, counts: readonly number[]): number {
  const total = counts.at(-1) ?? 0;
  if (!(total > 0)) return Number.NaN;
  const rank = q * total;
  let index = counts.findIndex((c) => c >= rank);
  if (index < 0) index = counts.length - 1;
  if (index === counts.length - 1) return BUCKETS[counts.length - 2] as number;
  const upper = BUCKETS[index] as number;
  const lower = index === 0 ? 0 : (BUCKETS[index - 1] as number);
  const below = index === 0 ? 0 : (counts[index - 1] as number);
  const inBucket = (counts[index] as number) - below;
  if (inBucket === 0) return upper;
  return lower + (upper - lower) * ((rank - below) / inBucket);
}
