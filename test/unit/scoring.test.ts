import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DIMENSIONS } from '../../server/challenges/schema.ts';
import {
  dimensionScores,
  type StoredSubmission,
  submissionScores,
  weightedScore,
} from '../../server/scoring/score.ts';
import type { StoredCheckResult } from '../../server/scoring/types.ts';

const check = (
  dimension: StoredCheckResult['dimension'],
  weight: number,
  score: number,
  id = `${dimension}-${weight}-${score}`,
): StoredCheckResult => ({
  id,
  title: id,
  dimension,
  weight,
  visible: true,
  covers: ['R1'],
  passed: score === 1,
  score,
  message: '',
  evidence: [],
});

const done = (...checks: StoredCheckResult[]): StoredSubmission => ({ status: 'done', checks });
const graderError = (...dimensions: StoredCheckResult['dimension'][]): StoredSubmission => ({
  status: 'error',
  declaredChecks: dimensions.map((dimension) => ({ dimension })),
});
const byDimension = (submissions: StoredSubmission[]) =>
  Object.fromEntries(submissionScores(submissions, DIMENSIONS).map((s) => [s.dimension, s]));

describe('auto scores per rubric dimension', () => {
  it('gives an empty dimension no score (not zero) and no checks', () => {
    const scores = byDimension([done(check('iac', 1, 1))]);
    expect(scores.cicd).toEqual({ dimension: 'cicd', score: null, checkCount: 0, graderErrorChecks: 0 });
  });

  it("leaves a grader error's checks out of the score and counts them apart, never as a fail", () => {
    const scores = byDimension([done(check('security', 1, 1)), graderError('security', 'security', 'iac')]);
    expect(scores.security).toMatchObject({ score: 100, checkCount: 1, graderErrorChecks: 2 });
    expect(scores.iac).toMatchObject({ score: null, checkCount: 0, graderErrorChecks: 1 });
  });

  it('counts partial credit as its fraction of the check', () => {
    const scores = byDimension([done(check('operations', 1, 0.25), check('operations', 1, 0.5))]);
    expect(scores.operations).toMatchObject({ score: 37.5, checkCount: 2 });
  });

  it('weights each check across the challenges of the assessment', () => {
    const scores = byDimension([done(check('iac', 3, 1)), done(check('iac', 1, 0, 'other-iac'))]);
    expect(scores.iac).toMatchObject({ score: 75, checkCount: 2 });
  });

  it('ignores submissions still queued or running', () => {
    const scores = byDimension([{ status: 'running' }, done(check('cicd', 2, 0.5))]);
    expect(scores.cicd).toMatchObject({ score: 50, checkCount: 1, graderErrorChecks: 0 });
  });

  it('never trusts a check score outside 0-1', () => {
    expect(weightedScore([check('iac', 1, 7), check('iac', 1, -3)])).toBe(50);
    expect(weightedScore([check('iac', 1, Number.NaN)])).toBe(0);
  });

  it('keeps every score within 0-100, and a grader error never changes the judged score', () => {
    const arbCheck = fc.record({
      dimension: fc.constantFrom(...DIMENSIONS),
      weight: fc.double({ min: 0.1, max: 10, noNaN: true }),
      score: fc.double({ min: 0, max: 1, noNaN: true }),
    });
    fc.assert(
      fc.property(
        fc.array(arbCheck, { maxLength: 30 }),
        fc.array(fc.constantFrom(...DIMENSIONS)),
        (raw, errs) => {
          const judged = done(...raw.map((c, i) => check(c.dimension, c.weight, c.score, `c${i}`)));
          const without = submissionScores([judged], DIMENSIONS);
          const withErrors = submissionScores([judged, graderError(...errs)], DIMENSIONS);
          for (const [i, s] of withErrors.entries()) {
            expect(s.score).toBe(without[i]?.score);
            expect(s.graderErrorChecks).toBe(errs.filter((d) => d === s.dimension).length);
            if (s.score !== null) {
              expect(s.score).toBeGreaterThanOrEqual(0);
              expect(s.score).toBeLessThanOrEqual(100);
            }
          }
        },
      ),
    );
  });
});

describe('the record path’s scores per dimension (dimensionScores)', () => {
  it('weights each check and counts partial credit as its fraction', () => {
    expect(weightedScore([check('iac', 3, 1), check('iac', 1, 0.5)])).toBe(87.5);
  });

  it('gives no score, not zero, to a dimension no check informed', () => {
    const scores = dimensionScores([check('security', 1, 0)], ['security', 'cicd']);
    expect(scores).toEqual([
      { dimension: 'security', score: 0, checkCount: 1 },
      { dimension: 'cicd', score: null, checkCount: 0 },
    ]);
  });

  it('scores every dimension from its own checks only', () => {
    const scores = dimensionScores(
      [check('iac', 1, 1), check('security', 2, 0.25), check('security', 2, 0.75)],
      ['iac', 'security'],
    );
    expect(scores).toEqual([
      { dimension: 'iac', score: 100, checkCount: 1 },
      { dimension: 'security', score: 50, checkCount: 2 },
    ]);
  });
});
