import type { LiveEnvironments } from '../../sandbox/index.ts';
import { LiveStartError } from '../../sandbox/index.ts';
import type { Catalogue, Challenge } from '../challenges/load.ts';
import type { LiveSpec } from '../challenges/schema.ts';
import { attemptPhase } from '../commands/attempt-state.ts';
import type { Config } from '../config.ts';
import type { PracticeCheckRun, PracticeView } from '../contract/practice.ts';
import type { Db } from '../db/pool.ts';
import { conflict, HttpError, notFound } from '../errors.ts';
import { runLiveChecks } from '../live/checks.ts';
import { writeEnvironmentFile } from '../live/environment-files.ts';
import { EnvironmentsBusyError } from '../live/manager.ts';
import { liveStartRequest } from '../live/start-request.ts';
import type { LogLine } from '../logging.ts';
import { type AttemptRow, findAttempt } from '../queries/attempts.ts';
import { presentPracticeCheck } from './present.ts';
import {
  claimPracticeStart,
  countPracticeCheck,
  countPracticeRuns,
  endPractice,
  findCurrentPractice,
  findLatestPractice,
  listPracticeContainerIds,
  listPracticeToEnd,
  markPracticeReady,
  type PracticeRunRow,
  recordPracticeCheck,
  releasePracticeClaim,
  touchPractice,
} from './queries.ts';

/** The practice's own limits: untimed for the candidate, bounded for the platform. */
export const PRACTICE_LIMITS = {
  /** An environment with no terminal input, save or check for this long is stopped. */
  idleMinutes: 5,
  /** Environments one attempt may start (each ends idle, or after its lifetime). */
  runsPerAttempt: 20,
  /** Checks per environment. */
  checksPerRun: 60,
} as const;

export interface PracticeManagerDeps {
  db: Db;
  catalogue: Catalogue;
  config: Config;
  /** The practice's own environments (their own scope: the live manager neither counts nor reaps them). */
  environments: LiveEnvironments;
  /** The assessments' live environments on the same engine, counted against the same capacity. */
  assessmentEnvironments?: LiveEnvironments;
  /** What its engine runs at once (default LIVE_MAX_ENVIRONMENTS: the one engine's). */
  capacity?: number;
  log?: LogLine;
}

/** A running practice environment, in the shape the environment-file and shell helpers take. */
export interface PracticeEnvironment {
  row: PracticeRunRow;
  containerId: string;
  challenge: Challenge;
  live: LiveSpec;
}

export const practiceKey = (attemptId: string) => `practice.${attemptId}`;

/**
 * The untimed practice before the clock: one small live environment per attempt, started from the
 * practice package through the same sandbox (policy, image, lifetime guard) and checked by the
 * same check runner as live challenges. Its records are practice_runs only: it never touches the
 * attempt's clock, files, replay, gradings or live_environments, and ends once the attempt starts.
 */
export function createPracticeManager(deps: PracticeManagerDeps) {
  const { db, catalogue, config, environments } = deps;
  const log = deps.log ?? (() => {});
  let starting = 0;

  const practiceChallenge = (): { challenge: Challenge; live: LiveSpec } => {
    const challenge = catalogue.practice;
    const live = challenge?.manifest.live;
    if (!challenge || !live) throw notFound('The practice');
    return { challenge, live };
  };
  const lifetimeMinutes = () => catalogue.practice?.manifest.timeLimitMinutes ?? 20;

  /** The attempt, while it may still practise: not started (the practice ends at Start). */
  async function practisingAttempt(attemptId: string): Promise<AttemptRow> {
    const attempt = await findAttempt(db, attemptId);
    if (!attempt) throw notFound('The attempt');
    if (attemptPhase(attempt) !== 'not_started')
      throw conflict('The practice is over: your assessment has started.', 'practice_over');
    return attempt;
  }

  async function readyEnvironment(attemptId: string): Promise<PracticeEnvironment | undefined> {
    const { challenge, live } = practiceChallenge();
    const row = await findCurrentPractice(db, attemptId);
    if (row?.status !== 'ready' || !row.containerId) return undefined;
    const containerId = await environments.find(practiceKey(attemptId));
    if (containerId !== row.containerId) {
      await endPractice(db, row.id, 'ended', 'its container is gone');
      return undefined;
    }
    return { row, containerId, challenge, live };
  }

  /** The running practice environment, or undefined; refused (409) once the assessment started. */
  async function findReady(attemptId: string): Promise<PracticeEnvironment | undefined> {
    await practisingAttempt(attemptId);
    return readyEnvironment(attemptId);
  }

  /** The practice environment, started if none runs (answers once it is ready). */
  async function ensure(attemptId: string): Promise<PracticeEnvironment> {
    const { challenge, live } = practiceChallenge();
    const attempt = await practisingAttempt(attemptId);
    const deadline = Date.now() + (live.readyTimeoutSeconds + 5) * 1000;
    while (Date.now() < deadline) {
      const ready = await readyEnvironment(attemptId);
      if (ready) {
        await touchPractice(db, ready.row.id);
        return ready;
      }
      if ((await countPracticeRuns(db, attemptId)) >= PRACTICE_LIMITS.runsPerAttempt)
        throw new HttpError(
          429,
          'practice_limit',
          `The practice was started ${PRACTICE_LIMITS.runsPerAttempt} times; that is the limit. Start the assessment when you are ready.`,
        );
      const claim = await claimPracticeStart(db, {
        organisationId: attempt.organisationId,
        attemptId,
        slug: challenge.manifest.slug,
      });
      if (!claim) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        continue;
      }
      return start(claim, challenge, live);
    }
    throw new HttpError(
      504,
      'environment_slow',
      'The practice environment is taking too long to start; try again.',
    );
  }

  async function start(claim: PracticeRunRow, challenge: Challenge, live: LiveSpec) {
    const running = async (envs: LiveEnvironments | undefined) =>
      envs ? (await envs.list()).filter((e) => e.running).length : 0;
    const busy = (await running(environments)) + (await running(deps.assessmentEnvironments)) + starting;
    const capacity = deps.capacity ?? config.LIVE_MAX_ENVIRONMENTS;
    if (busy >= capacity) {
      await releasePracticeClaim(db, claim.id);
      throw new EnvironmentsBusyError(capacity);
    }
    starting++;
    try {
      const started = await environments.start(
        liveStartRequest(
          challenge,
          practiceKey(claim.attemptId),
          new Date(Date.now() + lifetimeMinutes() * 60_000),
          PRACTICE_LIMITS.idleMinutes,
        ),
      );
      const env = { row: claim, containerId: started.containerId, challenge, live };
      // The starter files go into the shell user's folder as that user, exactly as the editor saves.
      for (const file of challenge.starter)
        await writeEnvironmentFile(environments, env, `${live.shell.workingDir}/${file.path}`, file.content);
      await markPracticeReady(db, claim.id, started.containerId, started.readyMs);
      log(`practice environment for attempt ${claim.attemptId} ready in ${started.readyMs} ms`);
      return { ...env, row: { ...claim, status: 'ready' as const, containerId: started.containerId } };
    } catch (error) {
      const message =
        error instanceof LiveStartError || error instanceof HttpError ? error.message : String(error);
      const containerId = await environments.find(practiceKey(claim.attemptId));
      if (containerId) await environments.destroy(containerId);
      await endPractice(db, claim.id, 'failed', message);
      // No time credit: the clock has not started, so there is nothing to give back.
      throw new HttpError(502, 'environment_failed', `The practice environment could not start: ${message}`);
    } finally {
      starting--;
    }
  }

  /** Runs the practice's checks in its environment; the result is the candidate's, never a grading. */
  async function check(attemptId: string): Promise<PracticeCheckRun> {
    const env = await findReady(attemptId);
    if (!env)
      throw conflict('The practice environment is not running; start it again.', 'environment_not_running');
    if (!(await countPracticeCheck(db, env.row.id, PRACTICE_LIMITS.checksPerRun)))
      throw new HttpError(
        429,
        'practice_limit',
        `The practice check ran ${PRACTICE_LIMITS.checksPerRun} times in this environment; that is the limit.`,
      );
    const outcome = await runLiveChecks({
      environments,
      challenge: env.challenge,
      files: [],
      key: practiceKey(attemptId),
    });
    const presented = presentPracticeCheck(outcome, new Date());
    await recordPracticeCheck(db, env.row.id, presented);
    return presented;
  }

  /** What the intro page shows: the practice's brief, whether it runs, and its last check. */
  async function view(attemptId: string): Promise<PracticeView> {
    const challenge = catalogue.practice;
    const live = challenge?.manifest.live;
    if (!challenge || !live) return { available: false, reason: 'This server offers no practice.' };
    const attempt = await findAttempt(db, attemptId);
    if (!attempt) throw notFound('The attempt');
    if (attemptPhase(attempt) !== 'not_started')
      return { available: false, reason: 'The practice is over: your assessment has started.' };
    const latest = await findLatestPractice(db, attemptId);
    const { manifest } = challenge;
    return {
      available: true,
      title: manifest.title,
      summary: manifest.summary,
      brief: challenge.brief,
      requirements: manifest.requirements,
      files: live.files,
      limits: { lifetimeMinutes: manifest.timeLimitMinutes, idleMinutes: PRACTICE_LIMITS.idleMinutes },
      environment: latest?.status === 'ready' ? 'ready' : 'none',
      lastCheck: latest?.lastCheck ?? null,
    };
  }

  /** Stops the attempt's practice environment (the assessment started); a no-op when none runs. */
  async function stop(attemptId: string, reason: string): Promise<void> {
    const row = await findCurrentPractice(db, attemptId);
    const containerId = row?.containerId ?? (await environments.find(practiceKey(attemptId)));
    if (containerId) await environments.destroy(containerId);
    if (row) await endPractice(db, row.id, 'ended', reason);
  }

  /** Ends practice environments whose attempt started, or that outlived their limits; removes orphans. */
  async function sweep(orphanAfterMs = 2 * 60_000): Promise<number> {
    let stopped = 0;
    const limits = { idleMinutes: PRACTICE_LIMITS.idleMinutes, lifetimeMinutes: lifetimeMinutes() };
    for (const row of await listPracticeToEnd(db, limits)) {
      if (row.containerId) await environments.destroy(row.containerId);
      await endPractice(db, row.id, 'ended', row.reason);
      stopped++;
    }
    const claimed = await listPracticeContainerIds(db);
    for (const container of await environments.list()) {
      if (claimed.has(container.containerId) || Date.now() - container.createdAt.getTime() < orphanAfterMs)
        continue;
      await environments.destroy(container.containerId);
      stopped++;
    }
    return stopped;
  }

  return {
    ensure,
    findReady,
    check,
    view,
    stop,
    sweep,
    environments,
    touch: (id: string) => touchPractice(db, id),
  };
}

export type PracticeManager = ReturnType<typeof createPracticeManager>;
