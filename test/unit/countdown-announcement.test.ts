import { describe, expect, it } from 'vitest';
import {
  announcedMinutes,
  announcement,
  reachedMark,
} from '../../client/src/attempt/countdownAnnouncement.ts';

const MINUTE = 60_000;

/** Every announcement a countdown makes from `totalMinutes`, ticking once a second to zero. */
function spokenOver(totalMinutes: number): string[] {
  const marks = announcedMinutes(600);
  const spoken: string[] = [];
  let last = reachedMark(totalMinutes * MINUTE, marks);
  for (let left = totalMinutes * MINUTE; left >= 0; left -= 1000) {
    const mark = reachedMark(left, marks);
    if (mark !== last && mark !== null) spoken.push(announcement(mark));
    last = mark;
  }
  return spoken;
}

describe('the countdown read to a screen reader', () => {
  it('marks each quarter hour, every 5 minutes from 15, and the last minute', () => {
    expect(announcedMinutes(90)).toEqual([1, 5, 10, 15, 30, 45, 60, 75, 90]);
  });

  it('says a handful of sentences in 45 minutes, never the mark it opened at', () => {
    expect(spokenOver(45)).toEqual([
      '30 minutes left.',
      '15 minutes left.',
      '10 minutes left.',
      '5 minutes left.',
      '1 minute left.',
      'Time is up.',
    ]);
  });

  it('reads hours and minutes in words', () => {
    expect(announcement(90)).toBe('1 hour 30 minutes left.');
    expect(announcement(120)).toBe('2 hours left.');
  });

  it('is above every mark past the longest time limit, and at 0 when the time is up', () => {
    expect(reachedMark(601 * MINUTE, announcedMinutes(600))).toBeNull();
    expect(reachedMark(0, announcedMinutes(600))).toBe(0);
  });
});
