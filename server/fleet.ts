import type { PgBoss } from 'pg-boss';
import {
  connectDocker,
  createLiveEnvironments,
  createSandbox,
  defaultOwner,
  isLocalEngine,
  prioritisePlatform,
  startReaping,
  WarmPool,
} from '../sandbox/index.ts';
import type { Catalogue } from './challenges/load.ts';
import { finalizeOverdueAttempts } from './commands/finalize-expired.ts';
import { type Config, liveEngines, sandboxCaps } from './config.ts';
import type { Db } from './db/pool.ts';
import { liveGradingQueue, pgBossQueue } from './grading/queue.ts';
import { recoverStrandedGradings } from './grading/recovery.ts';
import type { GraderPool } from './grading/run-grader.ts';
import { startGradingWorker } from './grading/worker.ts';
import type { LogLine } from './logging.ts';
import { platformScope } from './queries/platform.ts';

/** How often a worker submits attempts whose time ran out (a time-out is graded within this). */
export const TIME_OUT_SWEEP_MS = 15_000;

/**
 * Wires one grading worker to its Docker engine under the configured caps, and keeps sweeping
 * the containers dead workers left behind. Used by `npm run worker` and by the dev server's
 * in-process worker alike. Returns a function that stops it.
 */
export async function joinGradingFleet(options: {
  config: Config;
  db: Db;
  boss: PgBoss;
  catalogue: Catalogue;
  log: LogLine;
}): Promise<() => Promise<void>> {
  const { config, log } = options;
  const docker = connectDocker(config.DOCKER_HOST);
  if (isLocalEngine(config.DOCKER_HOST)) {
    const weighed = await prioritisePlatform(docker);
    log(`sandbox CPU weight: ${weighed.detail}`);
  }
  const stopReaping = startReaping(docker, 30_000, log);
  const caps = sandboxCaps(config);
  const sandbox = createSandbox({ docker, owner: defaultOwner(), caps });
  // One warm grader per concurrent grading and challenge; replaced after each use.
  const pool: GraderPool = new WarmPool({
    size: config.WORKER_CONCURRENCY,
    onError: (error) =>
      log(`could not pre-warm a grader: ${error instanceof Error ? error.message : String(error)}`),
  });
  // The live engines this worker reaches (LIVE_DOCKER_HOSTS): each engine's live gradings come on a
  // queue of its own, and the one grading queue's live gradings (no environment running) see the first.
  const scope = await platformScope(options.db);
  const engines = liveEngines(config).map((engine) => ({
    name: engine.name,
    live: createLiveEnvironments(engine.url === config.DOCKER_HOST ? docker : connectDocker(engine.url), {
      caps,
      scope,
    }),
  }));
  const common = {
    pool,
    db: options.db,
    boss: options.boss,
    sandbox,
    catalogue: options.catalogue,
    concurrency: config.WORKER_CONCURRENCY,
    publicUrl: config.PUBLIC_URL,
    log,
  };
  const stopWorkers = [
    await startGradingWorker({ ...common, ...(engines[0] ? { live: engines[0].live } : {}) }),
  ];
  for (const engine of engines) {
    stopWorkers.push(
      await startGradingWorker({ ...common, live: engine.live, queue: liveGradingQueue(engine.name) }),
    );
  }
  const stopWorker = async () => {
    for (const stop of stopWorkers) await stop();
  };
  // Gradings whose job was lost (queue down at enqueue, retries exhausted by dying workers).
  const queue = pgBossQueue(options.boss, { db: options.db });
  const recovery = setInterval(() => {
    recoverStrandedGradings(options.db, queue)
      .then(({ requeued, abandoned }) => {
        if (requeued + abandoned > 0)
          log(`recovered stranded gradings: ${requeued} requeued, ${abandoned} given up`);
      })
      .catch((error: unknown) =>
        log(`grading recovery failed: ${error instanceof Error ? error.message : String(error)}`),
      );
  }, 60_000);
  recovery.unref();
  // Attempts whose clock ran out are submitted for the candidate, whether or not anyone opens them.
  const timeOuts = setInterval(() => {
    const report = (attemptId: string, error: unknown) =>
      log(
        `could not submit timed-out attempt ${attemptId}: ${error instanceof Error ? error.message : String(error)}`,
      );
    finalizeOverdueAttempts({ db: options.db, queue }, report)
      .then((count) => {
        if (count > 0) log(`submitted ${count} timed-out attempt(s)`);
      })
      .catch((error: unknown) => report('(sweep)', error));
  }, TIME_OUT_SWEEP_MS);
  timeOuts.unref();
  return async () => {
    clearInterval(recovery);
    clearInterval(timeOuts);
    stopReaping();
    await stopWorker();
    await pool.close();
  };
}
