import { describe, expect, it } from 'vitest';
import { checkStatistics, correlation } from '../../server/scoring/check-stats.ts';

const sub = (passes: Record<string, boolean>) =>
  Object.entries(passes).map(([id, passed]) => ({ id, passed, weight: 1, score: passed ? 1 : 0 }));

describe('check statistics', () => {
  it('computes pass rate and the item-rest point-biserial, worked by hand', () => {
    // Check a passes exactly for the two whose other checks (b, c) pass: the rest scores are
    // 100, 100, 0, 0 and a's passes 1, 1, 0, 0, so r = 1. Check c passes for everyone: no r.
    const submissions = [
      sub({ a: true, b: true, c: true }),
      sub({ a: true, b: true, c: true }),
      sub({ a: false, b: false, c: true }),
      sub({ a: false, b: false, c: true }),
    ];
    const [a, b, c] = checkStatistics(['a', 'b', 'c'], submissions);
    expect(a).toEqual({ checkId: 'a', judged: 4, passed: 2, passRate: 0.5, discrimination: 1, flag: null });
    // b's rest (a and c): 100, 100, 50, 50 against 1, 1, 0, 0: r = 1 as well.
    expect(b?.discrimination).toBe(1);
    expect(c).toMatchObject({ passRate: 1, discrimination: null, flag: 'nearly_everyone' });
  });

  it('finds a check that predicts the opposite of the rest negatively discriminating', () => {
    const submissions = [
      sub({ odd: false, x: true, y: true }),
      sub({ odd: false, x: true, y: false }),
      sub({ odd: true, x: false, y: false }),
      sub({ odd: true, x: false, y: true }),
      sub({ odd: true, x: false, y: false }),
    ];
    const [odd] = checkStatistics(['odd'], submissions);
    expect(odd?.discrimination).toBeLessThan(-0.5);
    expect(odd?.passRate).toBe(0.6);
  });

  it('flags a check that (nearly) nobody passes and leaves out submissions that did not judge it', () => {
    const submissions = Array.from({ length: 21 }, () => sub({ hard: false, easy: true }));
    submissions.push(sub({ easy: false }));
    const [hard, easy] = checkStatistics(['hard', 'easy'], submissions);
    expect(hard).toMatchObject({ judged: 21, passed: 0, passRate: 0, flag: 'nearly_nobody' });
    expect(easy).toMatchObject({ judged: 22, passed: 21, passRate: 0.955, flag: 'nearly_everyone' });
    expect(checkStatistics(['none'], submissions)[0]).toMatchObject({
      judged: 0,
      passRate: null,
      flag: null,
    });
  });

  it('has no correlation under three pairs or without variation', () => {
    expect(correlation([1, 0], [5, 1])).toBeNull();
    expect(correlation([1, 1, 1], [5, 1, 2])).toBeNull();
    expect(correlation([1, 0, 1], [3, 2, 3])).toBeCloseTo(1, 10);
  });
});
