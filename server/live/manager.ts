import { type LiveEnvironments, LiveStartError } from '../../sandbox/index.ts';
import { creditFailedStart } from '../accommodations/credits.ts';
import { stretchedIdleMinutes } from '../accommodations/time.ts';
import type { Catalogue, Challenge } from '../challenges/load.ts';
import type { LiveSpec } from '../challenges/schema.ts';
import { challengeVariant } from '../challenges/variants.ts';
import { lockOpenChallenge } from '../commands/open-challenge.ts';
import type { Config } from '../config.ts';
import { type Db, transaction } from '../db/pool.ts';
import { HttpError, notFound } from '../errors.ts';
import type { LogLine } from '../logging.ts';
import { findAccommodation } from '../queries/accommodations.ts';
import {
  claimEnvironmentStart,
  endEnvironment,
  findCurrentEnvironment,
  type LiveEnvironmentRow,
  listEnvironmentsToEnd,
  listRunningContainerIds,
  markEnvironmentReady,
  releaseEnvironmentClaim,
  touchEnvironment,
} from '../queries/live-environments.ts';
import { liveStartRequest } from './start-request.ts';

export interface LiveManagerDeps {
  db: Db;
  catalogue: Catalogue;
  config: Config;
  environments: LiveEnvironments;
  log?: LogLine;
  /** A container no running record claims is removed once it is this old (default 2 minutes). */
  orphanAfterMs?: number;
  /** Other environments of this engine counted against the same limit (the practice's, its own scope). */
  alsoCounted?: LiveEnvironments;
}

/** A live environment the candidate can open a terminal on. */
export interface ReadyEnvironment {
  row: LiveEnvironmentRow;
  containerId: string;
  challenge: Challenge;
  live: LiveSpec;
}

/** The label that names an attempt's environment for one challenge. */
export const environmentKey = (attemptId: string, slug: string) => `${attemptId}.${slug}`;

/** Stops the environment with this key (a submitted challenge) and records why; a no-op when none runs. */
export async function stopEnvironment(db: Db, environments: LiveEnvironments, key: string, reason: string) {
  const [attemptId = '', slug = ''] = key.split('.');
  const row = await findCurrentEnvironment(db, attemptId, slug);
  const containerId = row?.containerId ?? (await environments.find(key));
  if (containerId) await environments.destroy(containerId);
  if (row) await endEnvironment(db, row.id, 'ended', reason);
}

/** How long a candidate's browser waits before asking again when every environment is taken. */
export const BUSY_RETRY_SECONDS = 5;

export class EnvironmentsBusyError extends HttpError {
  readonly retryAfterSeconds = BUSY_RETRY_SECONDS;
  constructor(max: number) {
    super(
      503,
      'environments_busy',
      `All ${max} live environments of this server are in use; yours starts as soon as one frees up.`,
    );
  }
}

/**
 * Starts, finds and ends candidates' live environments. The container is the truth about whether
 * one runs; the row records what was started and why it ended. At most `LIVE_MAX_ENVIRONMENTS`
 * run on this engine at once; past that a request is answered "busy" (the page retries), never held.
 */
export function createLiveManager(deps: LiveManagerDeps) {
  const { db, catalogue, config, environments } = deps;
  const log = deps.log ?? (() => {});
  // Starts take seconds; a younger unclaimed container may be one another server is still starting.
  const orphanAfterMs = deps.orphanAfterMs ?? 2 * 60_000;
  /** Starts in flight in this process: a start counts against capacity before its container exists. */
  let starting = 0;

  const liveChallenge = (slug: string): { challenge: Challenge; live: LiveSpec } => {
    const challenge = catalogue.challenges.get(slug);
    const live = challenge?.manifest.live;
    if (!challenge || !live) throw notFound(`Live challenge ${slug}`);
    return { challenge, live };
  };

  /** The attempt, if this challenge of it may still be worked on: started, in time, not submitted. */
  async function openAttempt(attemptId: string, slug: string) {
    const { attempt } = await transaction(db, (client) => lockOpenChallenge(client, attemptId, slug));
    return attempt;
  }

  /**
   * The running environment of this attempt's challenge, or undefined (never started, ended, lost);
   * refused (409) once the challenge can no longer be worked on, so nothing changes its state after.
   */
  async function findReady(attemptId: string, slug: string): Promise<ReadyEnvironment | undefined> {
    await openAttempt(attemptId, slug);
    return readyEnvironment(attemptId, slug);
  }

  /** The running environment, without asking again whether the attempt is open (the caller did). */
  async function readyEnvironment(attemptId: string, slug: string): Promise<ReadyEnvironment | undefined> {
    const { challenge, live } = liveChallenge(slug);
    const row = await findCurrentEnvironment(db, attemptId, slug);
    if (row?.status !== 'ready' || !row.containerId) return undefined;
    const containerId = await environments.find(environmentKey(attemptId, slug));
    if (containerId !== row.containerId) {
      await endEnvironment(db, row.id, 'ended', 'its container is gone');
      return undefined;
    }
    return { row, containerId, challenge, live };
  }

  /**
   * The candidate's environment for this challenge, started if none runs: the answer comes once it
   * is ready (a few seconds), or at once as `environments_busy` when this host is full.
   */
  async function ensure(attemptId: string, slug: string): Promise<ReadyEnvironment> {
    const { challenge, live } = liveChallenge(slug);
    const attempt = await openAttempt(attemptId, slug);
    const deadline = Date.now() + (live.readyTimeoutSeconds + 5) * 1000;
    while (Date.now() < deadline) {
      const ready = await readyEnvironment(attemptId, slug);
      if (ready) {
        await touchEnvironment(db, ready.row.id);
        return ready;
      }
      const claim = await claimEnvironmentStart(db, {
        organisationId: attempt.organisationId,
        attemptId,
        slug,
      });
      if (!claim) {
        // Another request is starting it: wait for that start rather than race it.
        await new Promise((resolve) => setTimeout(resolve, 250));
        continue;
      }
      // An accommodation's extra time stretches the idle limit by the same factor.
      const factor = (await findAccommodation(db, attemptId))?.timeFactor ?? 1;
      return start(
        claim,
        // The candidate's variant (#17): for a live incident, which fault the environment injects.
        challengeVariant(challenge, attempt.variantSeed),
        live,
        attempt.deadlineAt,
        stretchedIdleMinutes(config.LIVE_IDLE_MINUTES, factor),
      );
    }
    throw new HttpError(504, 'environment_slow', 'Your environment is taking too long to start; try again.');
  }

  async function start(
    claim: LiveEnvironmentRow,
    challenge: Challenge,
    live: LiveSpec,
    attemptDeadline: Date,
    idleMinutes: number,
  ) {
    const runningIn = async (envs: LiveEnvironments | undefined) =>
      envs ? (await envs.list()).filter((e) => e.running).length : 0;
    const running = (await runningIn(environments)) + (await runningIn(deps.alsoCounted));
    if (running + starting >= config.LIVE_MAX_ENVIRONMENTS) {
      await releaseEnvironmentClaim(db, claim.id);
      throw new EnvironmentsBusyError(config.LIVE_MAX_ENVIRONMENTS);
    }
    starting++;
    try {
      const started = await environments.start(
        liveStartRequest(
          challenge,
          environmentKey(claim.attemptId, claim.challengeSlug),
          // Grace for the submit that ends the attempt at its deadline; the reaper removes it after.
          new Date(attemptDeadline.getTime() + 5 * 60_000),
          idleMinutes,
        ),
      );
      await markEnvironmentReady(db, claim.id, started.containerId, started.readyMs);
      log(
        `live environment ${claim.challengeSlug} for attempt ${claim.attemptId} ready in ${started.readyMs} ms`,
      );
      const row = {
        ...claim,
        status: 'ready' as const,
        containerId: started.containerId,
        readyMs: started.readyMs,
      };
      return { row, containerId: started.containerId, challenge, live };
    } catch (error) {
      const message =
        error instanceof LiveStartError ? error.message : `the sandbox failed: ${String(error)}`;
      await endEnvironment(db, claim.id, 'failed', message);
      // The platform's fault, not the candidate's: the time it took is given back (never blocking the answer).
      const credit = await creditFailedStart(db, claim).catch((creditError: unknown) => {
        log(`crediting time for environment ${claim.id} failed: ${String(creditError)}`);
        return undefined;
      });
      const added = credit ? ` (${credit.appliedMinutes} minutes were added to your time)` : '';
      throw new HttpError(502, 'environment_failed', `Your environment could not start: ${message}${added}`);
    } finally {
      starting--;
    }
  }

  /**
   * Ends what must end (submitted, out of time, idle, stuck starting) and removes containers that
   * no running record claims (left by a crash). Returns how many it stopped.
   */
  async function sweep(): Promise<number> {
    let stopped = 0;
    for (const row of await listEnvironmentsToEnd(db, config.LIVE_IDLE_MINUTES)) {
      if (row.containerId) await environments.destroy(row.containerId);
      await endEnvironment(db, row.id, 'ended', row.reason);
      // A start that never finished kept the candidate waiting: credited like a failed one.
      if (row.status === 'starting') await creditFailedStart(db, row).catch(() => undefined);
      log(`live environment ${row.challengeSlug} for attempt ${row.attemptId} stopped: ${row.reason}`);
      stopped++;
    }
    const claimed = await listRunningContainerIds(db);
    for (const container of await environments.list()) {
      const young = Date.now() - container.createdAt.getTime() < orphanAfterMs;
      if (claimed.has(container.containerId) || young) continue;
      await environments.destroy(container.containerId);
      log(`removed live environment ${container.key}: no running record claims it`);
      stopped++;
    }
    return stopped;
  }

  return { ensure, findReady, sweep, environments, touch: (id: string) => touchEnvironment(db, id) };
}

export type LiveManager = ReturnType<typeof createLiveManager>;
