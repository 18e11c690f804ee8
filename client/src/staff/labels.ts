import type { Recommendation } from '../../../server/contract/staff.ts';

export const RECOMMENDATION_LABELS: Record<Recommendation, string> = {
  strong_no: 'Strong no',
  no: 'No',
  yes: 'Yes',
  strong_yes: 'Strong yes',
};

/** "62.5" → "63"; null → "—". */
export const formatScore = (score: number | null | undefined): string =>
  score === null || score === undefined ? '—' : String(Math.round(score));

/** A mean rating with one decimal, "—" when nobody rated. */
export const formatRating = (mean: number | null | undefined): string =>
  mean === null || mean === undefined ? '—' : mean.toFixed(1);
