import type { Dimension } from '../challenges/schema.ts';
import type { DimensionScore, StoredCheckResult } from './types.ts';

/** A check's partial credit as a fraction 0-1; anything outside (or not a number) is clamped, never trusted. */
const credit = (score: number): number => (Number.isFinite(score) ? Math.min(1, Math.max(0, score)) : 0);

/** 0-100: the weighted share of the checks' scores (partial credit counts as its fraction). */
export function weightedScore(checks: Pick<StoredCheckResult, 'weight' | 'score'>[]): number | null {
  const total = checks.reduce((n, c) => n + c.weight, 0);
  if (total === 0) return null;
  const earned = checks.reduce((n, c) => n + c.weight * credit(c.score), 0);
  return Math.round((earned / total) * 10_000) / 100;
}

/**
 * The auto score per rubric dimension across an attempt's judged submissions. Gradings that ended
 * in a grader error are left out by the caller: they inform nothing, and never count as a fail.
 */
export function dimensionScores(
  judgedChecks: StoredCheckResult[],
  dimensions: readonly Dimension[],
): DimensionScore[] {
  return dimensions.map((dimension) => {
    const checks = judgedChecks.filter((c) => c.dimension === dimension);
    return { dimension, score: weightedScore(checks), checkCount: checks.length };
  });
}

/** A submitted challenge as stored: its check results, or a grader error that judged nothing. */
export type StoredSubmission =
  | { status: 'done'; checks: StoredCheckResult[] }
  | { status: 'error'; declaredChecks: Pick<StoredCheckResult, 'dimension'>[] }
  | { status: 'queued' | 'running' };

export interface AutoDimensionScore extends DimensionScore {
  /** Declared checks of this dimension whose grading ended in a grader error: shown, never scored. */
  graderErrorChecks: number;
}

/**
 * The auto score per dimension from an attempt's stored submissions: judged checks score with their
 * weights and partial credit; a grader error's checks are counted apart and left out of the score;
 * gradings still queued or running inform nothing yet.
 */
export function submissionScores(
  submissions: StoredSubmission[],
  dimensions: readonly Dimension[],
): AutoDimensionScore[] {
  const judged = submissions.flatMap((s) => (s.status === 'done' ? s.checks : []));
  const errored = submissions.flatMap((s) => (s.status === 'error' ? s.declaredChecks : []));
  return dimensionScores(judged, dimensions).map((score) => ({
    ...score,
    graderErrorChecks: errored.filter((c) => c.dimension === score.dimension).length,
  }));
}
