import type { Dimension } from '../challenges/schema.ts';
import type { DimensionScore, StoredCheckResult } from './types.ts';

/** 0-100: the weighted share of the checks' scores (partial credit counts as its fraction). */
export function weightedScore(checks: Pick<StoredCheckResult, 'weight' | 'score'>[]): number | null {
  const total = checks.reduce((n, c) => n + c.weight, 0);
  if (total === 0) return null;
  const earned = checks.reduce((n, c) => n + c.weight * c.score, 0);
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
