import { weightedScore } from './score.ts';

/**
 * How each check of a challenge behaves across an organisation's graded submissions, for its
 * authors: how often it passes, and how well passing it predicts the rest of the score.
 *
 * Discrimination is the corrected point-biserial correlation (the "item-rest" correlation of
 * classical test theory): Pearson's r between passing the check (1/0) and the challenge's score
 * computed without that check. Without the correction a heavy check correlates with a total it is
 * part of, and looks discriminating when it is not.
 */

/** A check passing for more than this share of submissions, or less than FLAG_NOBODY, is flagged. */
export const FLAG_EVERYONE = 0.95;
export const FLAG_NOBODY = 0.05;

export interface JudgedCheck {
  id: string;
  passed: boolean;
  weight: number;
  score: number;
}

export interface CheckStatistics {
  checkId: string;
  /** Submissions that judged the check. */
  judged: number;
  passed: number;
  /** passed / judged, 0-1, three decimals; null when none judged it. */
  passRate: number | null;
  /** -1..1, two decimals; null when it cannot be computed (under 3 submissions, or no variation). */
  discrimination: number | null;
  flag: 'nearly_everyone' | 'nearly_nobody' | null;
}

const round = (n: number, places: number): number => Math.round(n * 10 ** places) / 10 ** places;

/** Pearson's correlation; null when either side does not vary or there are too few pairs. */
export function correlation(xs: readonly number[], ys: readonly number[]): number | null {
  const n = xs.length;
  if (n < 3 || ys.length !== n) return null;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (xs[i] as number) - mx;
    const dy = (ys[i] as number) - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx < 1e-12 || syy < 1e-12) return null;
  return Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)));
}

/** The statistics of each declared check over the submissions' judged checks, in the declared order. */
export function checkStatistics(
  declared: readonly string[],
  submissions: readonly (readonly JudgedCheck[])[],
): CheckStatistics[] {
  return declared.map((checkId) => {
    const pass: number[] = [];
    const rest: number[] = [];
    for (const checks of submissions) {
      const check = checks.find((c) => c.id === checkId);
      if (!check) continue;
      pass.push(check.passed ? 1 : 0);
      rest.push(weightedScore(checks.filter((c) => c.id !== checkId)) ?? 0);
    }
    const passed = pass.reduce((a, b) => a + b, 0);
    const rate = pass.length === 0 ? null : passed / pass.length;
    const r = correlation(pass, rest);
    return {
      checkId,
      judged: pass.length,
      passed,
      passRate: rate === null ? null : round(rate, 3),
      discrimination: r === null ? null : round(r, 2),
      flag:
        rate === null
          ? null
          : rate > FLAG_EVERYONE
            ? 'nearly_everyone'
            : rate < FLAG_NOBODY
              ? 'nearly_nobody'
              : null,
    };
  });
}
