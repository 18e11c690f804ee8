const MINUTE_MS = 60_000;

/**
 * The moments, in minutes left, at which the countdown is read out: every quarter hour while more
 * than 15 minutes are left, every 5 minutes below that, and at the last minute. A screen reader
 * hears a handful of sentences in an hour, never a tick a second.
 */
export function announcedMinutes(totalMinutes: number): number[] {
  const marks = new Set<number>([1]);
  for (let m = 5; m <= Math.max(totalMinutes, 15); m += m < 15 ? 5 : 15) marks.add(m);
  return [...marks].sort((a, b) => a - b);
}

/**
 * The smallest mark (in minutes) that `leftMs` has reached, or null above every mark; 0 once the
 * time is up. Its change between two ticks is the moment to announce.
 */
export function reachedMark(leftMs: number, marks: readonly number[]): number | null {
  if (leftMs <= 0) return 0;
  for (const mark of marks) if (leftMs <= mark * MINUTE_MS) return mark;
  return null;
}

/** What the polite live region says at a mark. */
export function announcement(mark: number): string {
  if (mark === 0) return 'Time is up.';
  const hours = Math.floor(mark / 60);
  const minutes = mark % 60;
  const parts = [
    ...(hours > 0 ? [`${hours} ${hours === 1 ? 'hour' : 'hours'}`] : []),
    ...(minutes > 0 ? [`${minutes} ${minutes === 1 ? 'minute' : 'minutes'}`] : []),
  ];
  return `${parts.join(' ')} left.`;
}
