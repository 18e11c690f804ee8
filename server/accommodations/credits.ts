/**
 * Where platform faults become credited time. Each detector passes the incident it saw; crediting
 * is idempotent per incident (creditPlatformTime), so a fault seen twice is credited once.
 */
import { type CreditResult, creditPlatformTime } from '../commands/credit-platform-time.ts';
import type { Db } from '../db/pool.ts';
import { creditedMinutes } from './time.ts';

/** A failed start costs at least this much: the wait, the surprise and the second try. */
export const LIVE_START_FAILURE_MINUTES = 5;
/** A grading queued longer than this has stalled (a healthy queue starts one in seconds). */
export const GRADING_STALL_SECONDS = 120;

/** A live environment, as its record has it: which attempt and challenge, when it was started. */
type EnvironmentIncident = { id: string; attemptId: string; challengeSlug: string; createdAt: Date };

/** The time since an environment was started back, 5 min at least, for `cause`. */
const creditEnvironmentTime = (
  db: Db,
  environment: EnvironmentIncident,
  now: number,
  cause: 'live_start_failed' | 'live_engine_lost',
  coveredWithinMinutes?: number,
) =>
  creditPlatformTime(db, {
    attemptId: environment.attemptId,
    challengeSlug: environment.challengeSlug,
    cause,
    incidentId: environment.id,
    minutes: creditedMinutes(now - environment.createdAt.getTime(), LIVE_START_FAILURE_MINUTES),
    ...(coveredWithinMinutes ? { coveredWithinMinutes } : {}),
  });

/**
 * A live environment that did not start (an error, or stuck starting): the wait back, 5 min at
 * least. Failures within those 5 minutes of a credited one (the page's quick retries) add nothing.
 */
export const creditFailedStart = (
  db: Db,
  environment: EnvironmentIncident,
  now = Date.now(),
): Promise<CreditResult | undefined> =>
  creditEnvironmentTime(db, environment, now, 'live_start_failed', LIVE_START_FAILURE_MINUTES);

/**
 * A live environment lost with its engine (it stopped answering): its work is gone and a new one
 * starts from the beginning, so the time since it was started comes back, 5 min at least. Each
 * environment lost is credited (an attempt's two incidents on one engine are two losses).
 */
export const creditLostEnvironment = (
  db: Db,
  environment: EnvironmentIncident,
  now = Date.now(),
): Promise<CreditResult | undefined> => creditEnvironmentTime(db, environment, now, 'live_engine_lost');

/**
 * A check run that waited in the queue past GRADING_STALL_SECONDS: the whole wait back. Only runs
 * count: the candidate waits for their checks, while a submitted challenge's grading costs them
 * nothing (they go on, or are done). Undefined when it did not stall.
 */
export function creditStalledGrading(
  db: Db,
  grading: { id: string; attemptId: string; challengeSlug: string; kind: string; createdAt: Date },
  now = Date.now(),
): Promise<CreditResult | undefined> {
  const waitedMs = now - grading.createdAt.getTime();
  if (grading.kind !== 'run' || waitedMs <= GRADING_STALL_SECONDS * 1000) return Promise.resolve(undefined);
  return creditPlatformTime(db, {
    attemptId: grading.attemptId,
    challengeSlug: grading.challengeSlug,
    cause: 'grading_stalled',
    incidentId: grading.id,
    minutes: creditedMinutes(waitedMs),
  });
}
