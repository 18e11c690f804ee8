import type { PgBoss } from 'pg-boss';
import {
  connectDocker,
  createLiveEnvironments,
  createSandbox,
  defaultOwner,
  startReaping,
  WarmPool,
} from '../sandbox/index.ts';
import type { Catalogue } from './challenges/load.ts';
import { finalizeOverdueAttempts } from './commands/finalize-expired.ts';
import { type Config, sandboxCaps } from './config.ts';
import type { Db } from './db/pool.ts';
import { pgBossQueue } from './grading/queue.ts';
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
  const stopReaping = startReaping(docker, 30_000, log);
  const caps = sandboxCaps(config);
  const sandbox = createSandbox({ docker, owner: defaultOwner(), caps });
  // One warm grader per concurrent grading and challenge; replaced after each use.
  const pool: GraderPool = new WarmPool({
    size: config.WORKER_CONCURRENCY,
    onError: (error) =>
      log(`could not pre-warm a grader: ${error instanceof Error ? error.message : String(error)}`),
  });
  const stopWorker = await startGradingWorker({
    pool,
    db: options.db,
    boss: options.boss,
    sandbox,
    live: createLiveEnvironments(docker, { caps, scope: await platformScope(options.db) }),
    catalogue: options.catalogue,
    concurrency: config.WORKER_CONCURRENCY,
    publicUrl: config.PUBLIC_URL,
    log,
  });
  // Gradings whose job was lost (queue down at enqueue, retries exhausted by dying workers).
  const queue = pgBossQueue(options.boss);
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
