import { describe, expect, it } from 'vitest';
import { dimensionScores, weightedScore } from '../../server/grading/score.ts';
import type { StoredCheckResult } from '../../server/grading/types.ts';

const check = (
  dimension: StoredCheckResult['dimension'],
  weight: number,
  score: number,
): StoredCheckResult => ({
  id: `${dimension}-${weight}-${score}`,
  title: 't',
  dimension,
  weight,
  visible: true,
  covers: ['R1'],
  passed: score === 1,
  score,
  message: '',
  evidence: [],
});

describe('scoring', () => {
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
