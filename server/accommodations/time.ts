/**
 * The arithmetic of extra time, kept pure so its rounding is tested on its own: a limit grows by a
 * share or by minutes, and a live environment's idle limit grows by the same factor (a candidate
 * who needs half as long again to read also needs it to think at a quiet terminal).
 */

/** Extra time as a manager set it; both null: none. */
export interface ExtraTime {
  extraPercent: number | null;
  extraMinutes: number | null;
}

/** The attempt's time limit with its extra time, in whole minutes (a share rounds up). */
export function accommodatedMinutes(limitMinutes: number, extra: ExtraTime): number {
  if (extra.extraPercent !== null) return Math.ceil((limitMinutes * (100 + extra.extraPercent)) / 100);
  return limitMinutes + (extra.extraMinutes ?? 0);
}

/**
 * How many times the plain limit the candidate has: 1.5 for +50 % (exactly, whatever the rounding of
 * the limit), (60 + 30) / 60 for +30 min on an hour.
 */
export function timeFactor(limitMinutes: number, extra: ExtraTime): number {
  if (extra.extraPercent !== null) return (100 + extra.extraPercent) / 100;
  // Three decimals, as stored; rounded up so the stretched idle limit is never short.
  return Math.ceil(((limitMinutes + (extra.extraMinutes ?? 0)) / limitMinutes) * 1000) / 1000;
}

/** A live environment's idle limit for an attempt with this time factor, in whole minutes. */
export function stretchedIdleMinutes(idleMinutes: number, factor: number): number {
  // Rounded to thousandths first, as PostgreSQL's numeric multiplies exactly (30 × 1.1 is 33, not 34).
  return Math.ceil(Math.round(idleMinutes * Math.max(1, factor) * 1000) / 1000);
}

/** Minutes to credit for `lostMs` the platform took: whole minutes, rounded up, at least `floor`. */
export function creditedMinutes(lostMs: number, floor = 1): number {
  return Math.min(600, Math.max(floor, Math.ceil(lostMs / 60_000)));
}
