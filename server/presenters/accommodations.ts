import { accommodatedMinutes } from '../accommodations/time.ts';
import type { AccommodationView, TimeCredit } from '../contract/accommodations.ts';
import type { AccommodationRow, TimeCreditRow } from '../queries/accommodations.ts';

export const presentTimeCredit = (row: TimeCreditRow): TimeCredit => ({
  cause: row.cause,
  minutes: row.minutes,
  appliedMinutes: Math.round((row.deadlineAfter.getTime() - row.deadlineBefore.getTime()) / 60_000),
  at: row.createdAt.toISOString(),
});

/** An invitation's accommodation (none: no extra time, no note) and the time credited to it. */
export function presentAccommodation(
  timeLimitMinutes: number,
  row: AccommodationRow | undefined,
  credits: TimeCreditRow[],
): AccommodationView {
  const extra = { extraPercent: row?.extraPercent ?? null, extraMinutes: row?.extraMinutes ?? null };
  return {
    ...extra,
    note: row?.note ?? '',
    setAt: row?.setAt.toISOString() ?? null,
    timeLimitMinutes: accommodatedMinutes(timeLimitMinutes, extra),
    credits: credits.map(presentTimeCredit),
  };
}
