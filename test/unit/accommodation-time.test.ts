import { describe, expect, it } from 'vitest';
import {
  accommodatedMinutes,
  creditedMinutes,
  stretchedIdleMinutes,
  timeFactor,
} from '../../server/accommodations/time.ts';

const none = { extraPercent: null, extraMinutes: null };

describe('the time limit with extra time', () => {
  it('adds a share of the limit, rounding a part minute up', () => {
    expect(accommodatedMinutes(60, { extraPercent: 25, extraMinutes: null })).toBe(75);
    expect(accommodatedMinutes(45, { extraPercent: 50, extraMinutes: null })).toBe(68);
    expect(accommodatedMinutes(45, { extraPercent: 100, extraMinutes: null })).toBe(90);
    expect(accommodatedMinutes(5, { extraPercent: 25, extraMinutes: null })).toBe(7);
  });

  it('adds minutes as they are, and nothing without an accommodation', () => {
    expect(accommodatedMinutes(60, { extraPercent: null, extraMinutes: 20 })).toBe(80);
    expect(accommodatedMinutes(600, { extraPercent: null, extraMinutes: 600 })).toBe(1200);
    expect(accommodatedMinutes(45, none)).toBe(45);
  });
});

describe('the factor a live environment idle limit stretches by', () => {
  it('is the attempt time over the plain limit, to thousandths, never short', () => {
    expect(timeFactor(60, { extraPercent: 50, extraMinutes: null })).toBe(1.5);
    // 45 × 1.5 is 67.5, given as 68 minutes; the factor stays 1.5, so 30 idle minutes become 45.
    expect(timeFactor(45, { extraPercent: 50, extraMinutes: null })).toBe(1.5);
    expect(timeFactor(45, { extraPercent: 25, extraMinutes: null })).toBe(1.25);
    expect(timeFactor(60, { extraPercent: null, extraMinutes: 30 })).toBe(1.5);
    // 65 / 45 = 1.4444…: rounded up, so the stretched idle limit is not a minute short.
    expect(timeFactor(45, { extraPercent: null, extraMinutes: 20 })).toBe(1.445);
    expect(timeFactor(45, none)).toBe(1);
  });

  it('stretches the idle limit by the factor in whole minutes, as the sweep computes it', () => {
    expect(stretchedIdleMinutes(30, 1)).toBe(30);
    expect(stretchedIdleMinutes(30, 1.5)).toBe(45);
    expect(stretchedIdleMinutes(30, 2)).toBe(60);
    expect(stretchedIdleMinutes(30, 1.25)).toBe(38);
    // 30 × 1.1 is 33.000000000000004 in floating point; PostgreSQL's numeric says 33.
    expect(stretchedIdleMinutes(30, 1.1)).toBe(33);
    expect(stretchedIdleMinutes(30, 0.5)).toBe(30);
  });
});

describe('credited minutes', () => {
  it('rounds lost time up to whole minutes with a floor, at most 600', () => {
    expect(creditedMinutes(1)).toBe(1);
    expect(creditedMinutes(150_000)).toBe(3);
    expect(creditedMinutes(20_000, 5)).toBe(5);
    expect(creditedMinutes(7 * 60_000 + 1, 5)).toBe(8);
    expect(creditedMinutes(24 * 3600_000)).toBe(600);
  });
});
