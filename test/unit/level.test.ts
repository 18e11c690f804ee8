import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  autoPoints,
  type DimensionEvidence,
  estimateLevel,
  LEVEL_NAMES,
  levelFor,
} from '../../server/scoring/level.ts';
import { manualScores, recommendationCounts } from '../../server/scoring/review-summary.ts';

const evidence = (over: Partial<DimensionEvidence> = {}): DimensionEvidence => ({
  dimension: 'iac',
  title: 'Infrastructure as code',
  auto: null,
  checkCount: 0,
  graderErrorChecks: 0,
  manual: null,
  ratingCount: 0,
  ...over,
});

describe('level estimate', () => {
  it('maps an auto score onto the 1-4 rubric scale and the scale onto levels', () => {
    expect(autoPoints(0)).toBe(1);
    expect(autoPoints(100)).toBe(4);
    expect([1, 1.75, 2.5, 3.25, 4].map(levelFor)).toEqual(['junior', 'mid', 'senior', 'staff', 'staff']);
    expect(levelFor(2.49)).toBe('mid');
  });

  it('has no level without any evidence', () => {
    expect(estimateLevel([evidence()])).toMatchObject({ level: null, points: null, provisional: true });
  });

  it('weighs auto score and interviewer ratings equally, and says why', () => {
    const estimate = estimateLevel([
      evidence({ auto: 100, checkCount: 6, manual: 3, ratingCount: 2 }),
      evidence({ dimension: 'security', title: 'Security & compliance', auto: 50, checkCount: 4 }),
    ]);
    // iac: (4 + 3) / 2 = 3.5; security: 1 + 1.5 = 2.5; mean 3.
    expect(estimate.points).toBe(3);
    expect(estimate.level).toBe('senior');
    expect(estimate.provisional).toBe(false);
    expect(estimate.reasons.join('\n')).toMatch(
      /Infrastructure as code: auto 100\/100 over 6 check\(s\) and interviewers 3\/4/,
    );
    expect(estimate.reasons.join('\n')).toMatch(/Overall 3 of 4 across 2 dimension/);
  });

  it('is provisional and stops at senior before any interviewer has reviewed', () => {
    const estimate = estimateLevel([evidence({ auto: 100, checkCount: 10 })]);
    expect(estimate.points).toBe(4);
    expect(estimate.level).toBe('senior');
    expect(estimate.provisional).toBe(true);
    expect(estimate.reasons.join('\n')).toMatch(/Capped at senior/);
  });

  it('names grader errors as left out rather than failed', () => {
    const estimate = estimateLevel([
      evidence({ auto: 80, checkCount: 5, graderErrorChecks: 3, manual: 3, ratingCount: 1 }),
    ]);
    expect(estimate.reasons.join('\n')).toMatch(/3 check\(s\) could not be judged \(grader error\)/);
  });

  it('never lowers the level when a score or a rating rises', () => {
    const arbEvidence = fc.record({
      auto: fc.option(fc.integer({ min: 0, max: 100 }), { nil: null }),
      manual: fc.option(fc.integer({ min: 1, max: 4 }), { nil: null }),
    });
    fc.assert(
      fc.property(fc.array(arbEvidence, { minLength: 1, maxLength: 5 }), fc.nat(), (dims, pick) => {
        const evidence = dims.map((d, i) => dimensionEvidence(i, d.auto, d.manual));
        const index = pick % dims.length;
        const raised = evidence.map((e, i) =>
          i === index
            ? {
                ...e,
                auto: e.auto === null ? null : Math.min(100, e.auto + 10),
                manual: e.manual === null ? null : Math.min(4, e.manual + 1),
              }
            : e,
        );
        const rank = (e: DimensionEvidence[]) => {
          const level = estimateLevel(e).level;
          return level === null ? -1 : LEVEL_NAMES.indexOf(level);
        };
        expect(rank(raised)).toBeGreaterThanOrEqual(rank(evidence));
      }),
    );
  });
});

const dimensionEvidence = (i: number, auto: number | null, manual: number | null): DimensionEvidence =>
  evidence({
    dimension: (['architecture', 'iac', 'cicd', 'security', 'operations'] as const)[i % 5] ?? 'iac',
    title: `Dimension ${i}`,
    auto,
    checkCount: auto === null ? 0 : 3,
    manual,
    ratingCount: manual === null ? 0 : 1,
  });

describe('interviewer ratings', () => {
  const review = (recommendation: 'no' | 'yes' | 'strong_yes', iac: number, security?: number) => ({
    recommendation,
    ratings: [
      { dimension: 'iac' as const, rating: iac },
      ...(security === undefined ? [] : [{ dimension: 'security' as const, rating: security }]),
    ],
  });

  it('gives the mean, the count and the spread between interviewers per dimension', () => {
    const scores = manualScores(
      [review('yes', 2, 4), review('strong_yes', 4), review('no', 3)],
      ['iac', 'security', 'cicd'],
    );
    expect(scores.iac).toEqual({ mean: 3, count: 3, spread: 2 });
    expect(scores.security).toEqual({ mean: 4, count: 1, spread: null });
    expect(scores.cicd).toEqual({ mean: null, count: 0, spread: null });
  });

  it('counts the recommendations', () => {
    expect(recommendationCounts([review('yes', 2), review('yes', 3), review('no', 1)])).toEqual({
      strong_no: 0,
      no: 1,
      yes: 2,
      strong_yes: 0,
    });
  });
});
