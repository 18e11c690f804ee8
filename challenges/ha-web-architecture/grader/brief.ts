/**
 * The brief's numbers, in one place: BRIEF.md states every one of them, and the checks read only
 * these. Recovery figures are the design's units (what each way of keeping data costs in data lost
 * and time to serve again), stated in the brief's table so a candidate can work them out.
 */

/** Concurrent users at peak. */
export const PEAK_USERS = 1_000_000;

/** Monthly budget, USD, for the estimate of cost.ts. */
export const BUDGET_USD = 120_000;

/** What the brief allows when one zone is lost, and when one whole region is lost (minutes). */
export const TARGETS = {
  zone: { rpoMinutes: 0, rtoMinutes: 5 },
  region: { rpoMinutes: 15, rtoMinutes: 60 },
} as const;

/** Backups every system of record keeps. */
export const MIN_RETENTION_DAYS = 7;

/** How a database's data comes back after a failure, and what it costs. */
export interface Recovery {
  readonly how: string;
  readonly rpoMinutes: number;
  readonly rtoMinutes: number;
}

/** Nothing happened to it. */
export const UP: Recovery = { how: 'still up', rpoMinutes: 0, rtoMinutes: 0 };
/** Managed failover to the synchronous standby in another zone (Multi-AZ, regional HA). */
export const FAILOVER: Recovery = { how: 'fails over to its standby', rpoMinutes: 0, rtoMinutes: 2 };
/** Promoting an asynchronous replica (a read replica, a cross-region replica) and repointing clients. */
export const PROMOTE: Recovery = { how: 'promotes a replica', rpoMinutes: 1, rtoMinutes: 30 };
/** Restoring a backup into a new instance: the last transaction log with point-in-time recovery, else last night's snapshot. */
export const restore = (pointInTime: boolean): Recovery => ({
  how: pointInTime ? 'restores a backup to a point in time' : "restores last night's snapshot",
  rpoMinutes: pointInTime ? 5 : 24 * 60,
  rtoMinutes: 4 * 60,
});

/** `90 s`, `5 min`, `4 h`: a duration as the brief writes it. */
export function minutes(value: number): string {
  if (value === 0) return '0';
  if (value >= 60 && value % 60 === 0) return `${value / 60} h`;
  return `${value} min`;
}
