import type { ReviewerCalibrationFigure } from '../contract/staff.ts';
import type { Queryable } from '../db/pool.ts';
import { listPanelRatings, type PanelRatingRow } from '../queries/statistics.ts';
import { calibratedMean, calibrateReviewers, fitCorrections } from '../scoring/calibration.ts';

export interface PanelCalibration {
  /** Every interviewer who rated anything in the organisation. */
  reviewers: Map<string, ReviewerCalibrationFigure>;
  /** The calibrated mean per dimension of one attempt, over the dimensions given. */
  calibratedOf: (attemptId: string, dimensions: readonly string[]) => Record<string, number | null>;
}

/**
 * The organisation's panel, calibrated on read from every review it holds: leniency is a trait of
 * the interviewer across assessments, so one assessment's few reviews would tell too little.
 */
export async function calibratePanel(db: Queryable, organisationId: string): Promise<PanelCalibration> {
  const rows = await listPanelRatings(db, organisationId);
  const corrections = fitCorrections(rows);
  const names = new Map(rows.map((r) => [r.reviewerId, r.reviewerName]));
  const reviewers = new Map(
    [...calibrateReviewers(rows, corrections)].map(([id, c]) => [
      id,
      { ...c, reviewerName: names.get(id) ?? '' },
    ]),
  );
  const byAttempt = new Map<string, PanelRatingRow[]>();
  for (const r of rows) {
    const own = byAttempt.get(r.attemptId);
    if (own) own.push(r);
    else byAttempt.set(r.attemptId, [r]);
  }
  return {
    reviewers,
    calibratedOf: (attemptId, dimensions) => {
      const own = byAttempt.get(attemptId) ?? [];
      return Object.fromEntries(
        dimensions.map((d) => [
          d,
          calibratedMean(
            own.filter((r) => r.dimension === d),
            corrections,
          ),
        ]),
      );
    },
  };
}
