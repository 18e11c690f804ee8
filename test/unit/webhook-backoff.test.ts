import { describe, expect, it } from 'vitest';
import { backoffMs, nextTryAt } from '../../server/webhooks/dispatcher.ts';

describe('webhook retry schedule', () => {
  it('doubles from the base, up to an hour, within 20 % jitter', () => {
    expect([1, 2, 3, 4].map((n) => backoffMs(n, 5_000, () => 0.5))).toEqual([5_000, 10_000, 20_000, 40_000]);
    expect(backoffMs(30, 5_000, () => 0.5)).toBe(3600_000);
    expect(backoffMs(3, 5_000, () => 0)).toBe(16_000);
    expect(backoffMs(3, 5_000, () => 0.999_999)).toBeLessThanOrEqual(24_000);
  });

  it('never schedules a try past the window, and ends the delivery once the window is over', () => {
    const event = Date.UTC(2026, 0, 1);
    const giveUp = new Date(event + 24 * 3600_000);
    expect(nextTryAt(new Date(event + 60_000), 1, giveUp, 5_000)?.getTime()).toBeLessThan(event + 70_000);
    expect(nextTryAt(new Date(giveUp.getTime() - 1_000), 30, giveUp, 5_000)).toEqual(giveUp);
    expect(nextTryAt(giveUp, 31, giveUp, 5_000)).toBeNull();
  });

  it('tries about thirty times over the day at the default base', () => {
    let at = 0;
    let tries = 1;
    for (;;) {
      const next = nextTryAt(new Date(at), tries, new Date(24 * 3600_000), 5_000);
      if (!next) break;
      at = next.getTime();
      tries += 1;
    }
    expect(tries).toBeGreaterThan(25);
    expect(tries).toBeLessThan(40);
  });
});
