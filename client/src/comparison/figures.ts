import type { PercentileFigure, ReviewerCalibrationFigure } from '../../../server/contract/staff.ts';

/** "P63 of 14" — the cohort always beside the percentile, so a small one is never mistaken for a norm. */
export const formatPercentile = (p: PercentileFigure | undefined): string =>
  p === undefined ? '—' : `P${Math.round(p.percentile)} of ${p.cohort}`;

/** Why a percentile is provisional, for its title. */
export const percentileTitle = (p: PercentileFigure): string =>
  `Percentile ${p.percentile} among ${p.cohort} graded candidates of the organisation (mid-rank)` +
  (p.provisional ? ': provisional, fewer than 30 candidates' : '');

/** "+0.8 ± 0.4 over 12 shared ratings"; "no shared ratings" when nobody rated beside them. */
export function formatOffset(c: ReviewerCalibrationFigure): string {
  if (c.offset === null) return 'no shared ratings';
  const sign = c.offset > 0 ? '+' : '';
  const spread = c.spread === null ? '' : ` ± ${c.spread.toFixed(1)}`;
  return `${sign}${c.offset.toFixed(1)}${spread} over ${c.sharedRatings} shared rating${c.sharedRatings === 1 ? '' : 's'}`;
}
