import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  calibratedMean,
  calibrateReviewers,
  fitCorrections,
  PRIOR_RATINGS,
  type Rating,
} from '../../server/scoring/calibration.ts';

const rate = (attemptId: string, dimension: string, reviewerId: string, rating: number): Rating => ({
  attemptId,
  dimension,
  reviewerId,
  rating,
});

/** Two attempts where Ada and Bo agree and Lee rates one higher every time. */
const LENIENT = [
  rate('a1', 'iac', 'ada', 2),
  rate('a1', 'iac', 'bo', 2),
  rate('a1', 'iac', 'lee', 3),
  rate('a2', 'iac', 'ada', 3),
  rate('a2', 'iac', 'bo', 3),
  rate('a2', 'iac', 'lee', 4),
];

describe('reviewer calibration', () => {
  it('measures each interviewer against the others on the same attempt and dimension, worked by hand', () => {
    const panel = calibrateReviewers(LENIENT);
    // Lee: 3 - mean(2, 2) = +1 and 4 - mean(3, 3) = +1. Ada: 2 - mean(2, 3) = -0.5, twice.
    expect(panel.get('lee')).toMatchObject({ offset: 1, spread: 0, sharedRatings: 2, sharedAttempts: 2 });
    expect(panel.get('ada')).toMatchObject({ offset: -0.5, spread: 0, sharedRatings: 2 });
  });

  it('shrinks a correction fitted on two shared ratings to 2/(2+5) of its full size', () => {
    // By hand (symmetric Ada = Bo = b, Lee = g): g = 2(2 + 2b + g)/21 and b = 2(2b + g - 1)/21
    // give g = 4/21 and b = -2/21: Lee sits 6/21 = 2/7 = 2/(2 + PRIOR_RATINGS) above the others.
    const corrections = fitCorrections(LENIENT);
    expect(corrections.get('lee')).toBeCloseTo(4 / 21, 8);
    expect(corrections.get('ada')).toBeCloseTo(-2 / 21, 8);
    expect(PRIOR_RATINGS).toBe(5);
    // Without shrinkage the three calibrated ratings of an attempt agree exactly.
    const full = fitCorrections(LENIENT, 0);
    const a1 = LENIENT.filter((r) => r.attemptId === 'a1').map(
      (r) => r.rating - (full.get(r.reviewerId) ?? 0),
    );
    expect(Math.max(...a1) - Math.min(...a1)).toBeLessThan(1e-6);
  });

  it('does not correct an interviewer who never rated beside anyone, and averages calibrated ratings', () => {
    const ratings = [...LENIENT, rate('a3', 'iac', 'solo', 4)];
    const panel = calibrateReviewers(ratings);
    expect(panel.get('solo')).toEqual({
      reviewerId: 'solo',
      offset: null,
      spread: null,
      sharedRatings: 0,
      sharedAttempts: 0,
      correction: 0,
    });
    const corrections = fitCorrections(ratings);
    expect(calibratedMean([{ reviewerId: 'solo', rating: 4 }], corrections)).toBe(4);
    // (2 + 2/21) * 2 + (3 - 4/21), over 3 = 7/3 = 2.33
    expect(
      calibratedMean(
        LENIENT.filter((r) => r.attemptId === 'a1'),
        corrections,
      ),
    ).toBe(2.33);
    expect(calibratedMean([], corrections)).toBeNull();
    // Kept on the scale: a severe interviewer's 4 does not become 4.5.
    expect(calibratedMean([{ reviewerId: 'x', rating: 4 }], new Map([['x', -0.5]]))).toBe(4);
  });

  it('gives an interviewer always one above the panel an offset of +1 and, fitted in full, the others’ calibrated rating', () => {
    const panelArb = fc.record({
      others: fc.integer({ min: 1, max: 4 }),
      attempts: fc.array(
        fc.record({ base: fc.integer({ min: 1, max: 3 }), dims: fc.integer({ min: 1, max: 3 }) }),
        {
          minLength: 1,
          maxLength: 8,
        },
      ),
    });
    fc.assert(
      fc.property(panelArb, ({ others, attempts }) => {
        const ratings: Rating[] = [];
        for (const [i, a] of attempts.entries()) {
          for (let d = 0; d < a.dims; d++) {
            for (let o = 0; o < others; o++) ratings.push(rate(`t${i}`, `d${d}`, `o${o}`, a.base));
            ratings.push(rate(`t${i}`, `d${d}`, 'lenient', a.base + 1));
          }
        }
        const panel = calibrateReviewers(ratings);
        expect(panel.get('lenient')?.offset).toBe(1);
        const full = fitCorrections(ratings, 0);
        const shrunk = fitCorrections(ratings);
        const n = panel.get('lenient')?.sharedRatings ?? 0;
        for (const r of ratings.filter((x) => x.reviewerId !== 'lenient')) {
          const gap = 1 - ((full.get('lenient') ?? 0) - (full.get(r.reviewerId) ?? 0));
          expect(Math.abs(gap)).toBeLessThan(1e-6);
          // Shrunk, the lenient one keeps n/(n + prior) of the difference: never more than all of it.
          const kept = (shrunk.get('lenient') ?? 0) - (shrunk.get(r.reviewerId) ?? 0);
          expect(kept).toBeGreaterThan(0);
          expect(kept).toBeLessThanOrEqual(1);
          expect(kept).toBeCloseTo(n / (n + PRIOR_RATINGS), 6);
        }
      }),
      { numRuns: 60 },
    );
  });
});
