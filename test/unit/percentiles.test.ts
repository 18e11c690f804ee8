import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  challengeCohort,
  dimensionCohort,
  midRankPercentile,
  PROVISIONAL_UNDER,
  percentilesByCohort,
} from '../../server/scoring/percentiles.ts';

const scoreArb = fc.integer({ min: 0, max: 20 }).map((n) => n * 5);

/** Percentile of each position of a cohort given in any order. */
const percentilesOf = (scores: readonly number[]) => {
  const sorted = [...scores].sort((a, b) => a - b);
  return scores.map((s) => midRankPercentile(sorted, s).percentile);
};

describe('mid-rank percentiles', () => {
  it('counts the share strictly below plus half the ties, worked by hand', () => {
    const cohort = [40, 60, 60, 80];
    // 40: (0 + 1/2) / 4; 60: (1 + 2/2) / 4; 80: (3 + 1/2) / 4
    expect(midRankPercentile(cohort, 40)).toEqual({ percentile: 12.5, cohort: 4, provisional: true });
    expect(midRankPercentile(cohort, 60).percentile).toBe(50);
    expect(midRankPercentile(cohort, 80).percentile).toBe(87.5);
    expect(midRankPercentile([73], 73).percentile).toBe(50);
    expect(midRankPercentile([10, 20, 30], 10).percentile).toBe(16.7);
  });

  it('is provisional under 30 candidates and firm from 30', () => {
    const cohort = (n: number) => Array.from({ length: n }, (_, i) => i);
    expect(midRankPercentile(cohort(PROVISIONAL_UNDER - 1), 3).provisional).toBe(true);
    expect(midRankPercentile(cohort(PROVISIONAL_UNDER), 3)).toMatchObject({ cohort: 30, provisional: false });
  });

  it('refuses a score its cohort does not hold', () => {
    expect(() => midRankPercentile([1, 2], 3)).toThrow(/does not hold the score 3/);
  });

  it('stays within 0-100 and gives tied scores the same percentile', () => {
    fc.assert(
      fc.property(fc.array(scoreArb, { minLength: 1, maxLength: 60 }), (scores) => {
        const p = percentilesOf(scores);
        for (const [i, s] of scores.entries()) {
          expect(p[i]).toBeGreaterThan(0);
          expect(p[i]).toBeLessThan(100);
          for (const [j, t] of scores.entries()) {
            if (s === t) expect(p[i]).toBe(p[j]);
            if (s < t) expect(p[i]).toBeLessThan(p[j] as number);
          }
        }
      }),
    );
  });

  it('never changes the rank order of the others when a candidate is added', () => {
    fc.assert(
      fc.property(fc.array(scoreArb, { minLength: 1, maxLength: 40 }), scoreArb, (scores, added) => {
        const before = percentilesOf(scores);
        const after = percentilesOf([...scores, added]);
        for (let i = 0; i < scores.length; i++) {
          for (let j = 0; j < scores.length; j++) {
            const b = Math.sign((before[i] as number) - (before[j] as number));
            const a = Math.sign((after[i] as number) - (after[j] as number));
            expect(a).toBe(b);
          }
        }
      }),
    );
  });
});

describe('cohorts', () => {
  it('ranks each entry only among its own cohort', () => {
    const ranked = percentilesByCohort([
      { attemptId: 'a', cohort: challengeCohort('x'), score: 90 },
      { attemptId: 'b', cohort: challengeCohort('x'), score: 10 },
      { attemptId: 'a', cohort: challengeCohort('y'), score: 5 },
      { attemptId: 'c', cohort: challengeCohort('x', 'seed-2'), score: 0 },
    ]);
    expect(ranked.get('a')?.get(challengeCohort('x'))).toEqual({
      percentile: 75,
      cohort: 2,
      provisional: true,
    });
    expect(ranked.get('a')?.get(challengeCohort('y'))?.percentile).toBe(50);
    expect(ranked.get('c')?.get(challengeCohort('x', 'seed-2'))).toMatchObject({ percentile: 50, cohort: 1 });
  });

  it('keys a dimension by the challenges that scored it, in any order', () => {
    expect(dimensionCohort('iac', [{ slug: 'b' }, { slug: 'a' }])).toBe(
      dimensionCohort('iac', [{ slug: 'a' }, { slug: 'b' }]),
    );
    expect(dimensionCohort('iac', [{ slug: 'a' }])).not.toBe(
      dimensionCohort('iac', [{ slug: 'a' }, { slug: 'b' }]),
    );
    expect(dimensionCohort('iac', [{ slug: 'a', variant: '1' }])).not.toBe(
      dimensionCohort('iac', [{ slug: 'a' }]),
    );
  });
});
