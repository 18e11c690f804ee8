import { type LiveEnvironments, LiveStartError } from '../../sandbox/index.ts';
import { creditFailedStart, creditLostEnvironment } from '../accommodations/credits.ts';
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

/** A Docker engine live environments run on (LIVE_DOCKER_HOSTS), with what it may hold. */
export interface LiveEngine {
  name: string;
  environments: LiveEnvironments;
  /** Environments it runs at once. */
  capacity: number;
  /** Other environments of this engine counted against its capacity (the practice's, its own scope). */
  alsoCounted?: LiveEnvironments | undefined;
}

export interface LiveManagerDeps {
  db: Db;
  catalogue: Catalogue;
  config: Config;
  /** The first engine's environments (the practice's engine); the only one without `engines`. */
  environments: LiveEnvironments;
  /** Every engine environments may go to; unset, `environments` alone as `local`, LIVE_MAX_ENVIRONMENTS. */
  engines?: LiveEngine[];
  log?: LogLine;
  /** A container no running record claims is removed once it is this old (default 2 minutes). */
  orphanAfterMs?: number;
  /** Other environments of the first engine counted against the same limit (the practice's). */
  alsoCounted?: LiveEnvironments;
  /** How long an engine may take to answer before it counts as down (default 5 s). */
  engineTimeoutMs?: number;
}

/** A live environment the candidate can open a terminal on, and the engine that runs it. */
export interface ReadyEnvironment {
  row: LiveEnvironmentRow;
  containerId: string;
  challenge: Challenge;
  live: LiveSpec;
  /** Its engine's environments: the terminal, its files and its checks go through them. */
  environments: LiveEnvironments;
}

/** An engine that does not answer within its time: the call is abandoned, the engine counted down. */
class EngineDownError extends Error {
  override name = 'EngineDownError';
}

/** `work`, or EngineDownError once it fails or `timeoutMs` passes first. */
async function answering<T>(engine: string, timeoutMs: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new EngineDownError(`engine ${engine} did not answer in ${timeoutMs} ms`)),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([work, late]);
  } catch (error) {
    throw error instanceof EngineDownError
      ? error
      : new EngineDownError(`engine ${engine}: ${(error as Error).message}`);
  } finally {
    clearTimeout(timer);
  }
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

/** No engine answered: nothing can start until one does (the page says so and retries). */
export class EnginesDownError extends HttpError {
  readonly retryAfterSeconds = BUSY_RETRY_SECONDS;
  constructor() {
    super(
      503,
      'engines_unavailable',
      'The servers that run live environments are not answering right now; yours starts as soon as one does.',
    );
  }
}

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
  const engineTimeoutMs = deps.engineTimeoutMs ?? 5_000;
  const engines: LiveEngine[] = deps.engines ?? [
    { name: 'local', environments, capacity: config.LIVE_MAX_ENVIRONMENTS, alsoCounted: deps.alsoCounted },
  ];
  const engineNamed = (name: string) => engines.find((e) => e.name === name);
  const totalCapacity = engines.reduce((sum, e) => sum + e.capacity, 0);
  /** Starts in flight in this process, per engine: a start counts against capacity before its container exists. */
  const starting = new Map<string, number>();
  const startingOn = (engine: LiveEngine) => starting.get(engine.name) ?? 0;

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

  /**
   * The running environment, without asking again whether the attempt is open (the caller did).
   * One whose engine stopped answering is lost: its record ends, the time since it started is given
   * back, and the candidate is told (503, once; the next request starts one on another engine).
   */
  async function readyEnvironment(attemptId: string, slug: string): Promise<ReadyEnvironment | undefined> {
    const { challenge, live } = liveChallenge(slug);
    const row = await findCurrentEnvironment(db, attemptId, slug);
    if (row?.status !== 'ready' || !row.containerId) return undefined;
    const engine = engineNamed(row.engine);
    let containerId: string | undefined;
    try {
      if (!engine) throw new EngineDownError(`engine ${row.engine} is no longer configured`);
      containerId = await answering(
        engine.name,
        engineTimeoutMs,
        engine.environments.find(environmentKey(attemptId, slug)),
      );
    } catch (error) {
      if (!(error instanceof EngineDownError)) throw error;
      await endEnvironment(db, row.id, 'ended', `its engine stopped answering (${error.message})`);
      log(`live environment ${slug} for attempt ${attemptId} lost: ${error.message}`);
      const credit = await creditLostEnvironment(db, row).catch((creditError: unknown) => {
        log(`crediting time for lost environment ${row.id} failed: ${String(creditError)}`);
        return undefined;
      });
      const added = credit ? ` ${credit.appliedMinutes} minutes were added to your time.` : '';
      throw new HttpError(
        503,
        'environment_lost',
        `The server running your environment stopped answering, and the environment is gone.${added} Start it again to carry on: a new one starts from the beginning on another server.`,
      );
    }
    if (containerId !== row.containerId) {
      await endEnvironment(db, row.id, 'ended', 'its container is gone');
      return undefined;
    }
    return { row, containerId, challenge, live, environments: engine.environments };
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
    const engine = await engineWithMostRoom().catch(async (error: unknown) => {
      await releaseEnvironmentClaim(db, claim.id);
      throw error;
    });
    starting.set(engine.name, startingOn(engine) + 1);
    try {
      const started = await engine.environments.start(
        liveStartRequest(
          challenge,
          environmentKey(claim.attemptId, claim.challengeSlug),
          // Grace for the submit that ends the attempt at its deadline; the reaper removes it after.
          new Date(attemptDeadline.getTime() + 5 * 60_000),
          idleMinutes,
        ),
      );
      await markEnvironmentReady(db, claim.id, { ...started, engine: engine.name });
      log(
        `live environment ${claim.challengeSlug} for attempt ${claim.attemptId} ready on ${engine.name} in ${started.readyMs} ms`,
      );
      const row = {
        ...claim,
        status: 'ready' as const,
        containerId: started.containerId,
        readyMs: started.readyMs,
        engine: engine.name,
      };
      return { row, containerId: started.containerId, challenge, live, environments: engine.environments };
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
      starting.set(engine.name, startingOn(engine) - 1);
    }
  }

  /**
   * The engine a new environment goes to: the one with the most room (capacity less what runs and
   * what is starting there), the first listed on a tie. An engine that does not answer takes none.
   */
  async function engineWithMostRoom(): Promise<LiveEngine> {
    const runningIn = async (engine: LiveEngine, envs: LiveEnvironments | undefined) =>
      envs ? (await answering(engine.name, engineTimeoutMs, envs.list())).filter((e) => e.running).length : 0;
    const rooms = await Promise.all(
      engines.map(async (engine) => {
        try {
          const running =
            (await runningIn(engine, engine.environments)) + (await runningIn(engine, engine.alsoCounted));
          return { engine, room: engine.capacity - running - startingOn(engine) };
        } catch (error) {
          if (!(error instanceof EngineDownError)) throw error;
          log(`live engine ${engine.name} takes no new environment: ${error.message}`);
          return undefined;
        }
      }),
    );
    const answered = rooms.filter((r) => r !== undefined);
    if (answered.length === 0) throw new EnginesDownError();
    const best = answered.reduce((a, b) => (b.room > a.room ? b : a));
    if (best.room <= 0) throw new EnvironmentsBusyError(totalCapacity);
    return best.engine;
  }

  /**
   * Ends what must end (submitted, out of time, idle, stuck starting) and removes containers that
   * no running record claims (left by a crash). Returns how many it stopped.
   */
  async function sweep(): Promise<number> {
    let stopped = 0;
    for (const row of await listEnvironmentsToEnd(db, config.LIVE_IDLE_MINUTES)) {
      const engine = engineNamed(row.engine);
      // An engine that does not answer keeps its container until its own deadline ends it (lifetime.ts).
      if (row.containerId && engine) {
        await answering(engine.name, engineTimeoutMs, engine.environments.destroy(row.containerId)).catch(
          (error: unknown) =>
            log(`could not remove ${row.containerId} from ${engine.name}: ${String(error)}`),
        );
      }
      await endEnvironment(db, row.id, 'ended', row.reason);
      // A start that never finished kept the candidate waiting: credited like a failed one.
      if (row.status === 'starting') await creditFailedStart(db, row).catch(() => undefined);
      log(`live environment ${row.challengeSlug} for attempt ${row.attemptId} stopped: ${row.reason}`);
      stopped++;
    }
    const claimed = await listRunningContainerIds(db);
    for (const engine of engines) {
      const containers = await answering(engine.name, engineTimeoutMs, engine.environments.list()).catch(
        () => [],
      );
      for (const container of containers) {
        const young = Date.now() - container.createdAt.getTime() < orphanAfterMs;
        if (claimed.has(container.containerId) || young) continue;
        await engine.environments.destroy(container.containerId);
        log(`removed live environment ${container.key} from ${engine.name}: no running record claims it`);
        stopped++;
      }
    }
    return stopped;
  }

  return { ensure, findReady, sweep, environments, touch: (id: string) => touchEnvironment(db, id) };
}

export type LiveManager = ReturnType<typeof createLiveManager>;
