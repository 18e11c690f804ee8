import type { Dimension } from '../challenges/schema.ts';

export const LEVEL_NAMES = ['junior', 'mid', 'senior', 'staff'] as const;
export type LevelName = (typeof LEVEL_NAMES)[number];

/** Where each level starts on the 1-4 rubric scale (junior below mid's threshold). */
export const LEVEL_THRESHOLDS = { mid: 1.75, senior: 2.5, staff: 3.25 } as const;
/** Fewer auto-scored checks than this across the assessment make an estimate provisional. */
const FEW_CHECKS = 5;

export interface DimensionEvidence {
  dimension: Dimension;
  title: string;
  /** 0-100 auto score, or null when no check informed it. */
  auto: number | null;
  checkCount: number;
  graderErrorChecks: number;
  /** Mean interviewer rating 1-4, or null when nobody rated it. */
  manual: number | null;
  ratingCount: number;
}

export interface LevelEstimate {
  level: LevelName | null;
  /** The combined evidence on the rubric's 1-4 scale, two decimals. */
  points: number | null;
  provisional: boolean;
  reasons: string[];
}

const round = (n: number, places = 2): number => Math.round(n * 10 ** places) / 10 ** places;

/** An auto score 0-100 on the rubric's 1-4 scale: 0 is junior's floor (1), 100 staff's top (4). */
export const autoPoints = (score: number): number => 1 + (3 * score) / 100;

export function levelFor(points: number): LevelName {
  if (points >= LEVEL_THRESHOLDS.staff) return 'staff';
  if (points >= LEVEL_THRESHOLDS.senior) return 'senior';
  if (points >= LEVEL_THRESHOLDS.mid) return 'mid';
  return 'junior';
}

/**
 * Estimates a level from auto scores and interviewer ratings. Per dimension, the auto score (mapped
 * onto 1-4) and the mean rating count equally when both exist; the estimate is the mean over the
 * dimensions with any evidence. Without an interviewer's rating it is provisional and stops at
 * senior: staff-level judgement needs a person to have looked.
 */
export function estimateLevel(evidence: readonly DimensionEvidence[]): LevelEstimate {
  const reasons: string[] = [];
  const points: number[] = [];
  for (const e of evidence) {
    const auto = e.auto === null ? null : autoPoints(e.auto);
    if (e.graderErrorChecks > 0) {
      reasons.push(
        `${e.title}: ${e.graderErrorChecks} check(s) could not be judged (grader error) and are left out.`,
      );
    }
    if (auto === null && e.manual === null) continue;
    const combined = auto !== null && e.manual !== null ? (auto + e.manual) / 2 : (auto ?? e.manual ?? 0);
    points.push(combined);
    const parts = [
      auto !== null ? `auto ${round(e.auto ?? 0, 0)}/100 over ${e.checkCount} check(s)` : null,
      e.manual !== null ? `interviewers ${round(e.manual, 1)}/4 from ${e.ratingCount} rating(s)` : null,
    ].filter((p) => p !== null);
    reasons.push(`${e.title}: ${parts.join(' and ')} → ${round(combined, 1)} of 4 (${levelFor(combined)}).`);
  }
  if (points.length === 0) {
    return { level: null, points: null, provisional: true, reasons: ['No scored check and no rating yet.'] };
  }
  const overall = round(points.reduce((a, b) => a + b, 0) / points.length);
  let level = levelFor(overall);
  reasons.push(
    `Overall ${overall} of 4 across ${points.length} dimension(s): mid from ${LEVEL_THRESHOLDS.mid}, senior from ${LEVEL_THRESHOLDS.senior}, staff from ${LEVEL_THRESHOLDS.staff}.`,
  );
  const reviewed = evidence.some((e) => e.manual !== null);
  const checks = evidence.reduce((n, e) => n + e.checkCount, 0);
  if (!reviewed) {
    reasons.push('No interviewer review yet: the estimate rests on auto scores alone.');
    if (level === 'staff') {
      level = 'senior';
      reasons.push('Capped at senior until an interviewer has reviewed the attempt.');
    }
  }
  if (checks < FEW_CHECKS) reasons.push(`Only ${checks} auto-scored check(s) informed it.`);
  return { level, points: overall, provisional: !reviewed || checks < FEW_CHECKS, reasons };
}
