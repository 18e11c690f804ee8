import type { PgBoss } from 'pg-boss';
import { connectDocker, createSandbox, defaultOwner, startReaping, WarmPool } from '../../sandbox/index.ts';
import { createLiveEnvironments } from '../../sandbox/live.ts';
import type { SandboxLimits } from '../../sandbox/policy.ts';
import type { Catalogue } from '../challenges/load.ts';
import { finalizeOverdueAttempts } from '../commands/finalize-expired.ts';
import type { Config } from '../config.ts';
import type { Db } from '../db/pool.ts';
import { platformScope } from '../queries/platform.ts';
import { pgBossQueue } from './queue.ts';
import { recoverStrandedGradings } from './recovery.ts';
import type { GraderPool } from './run-grader.ts';
import { startGradingWorker } from './worker.ts';

/** How often a worker submits attempts whose time ran out (a time-out is graded within this). */
export const TIME_OUT_SWEEP_MS = 15_000;

/** The host's caps on every sandbox, graders and live environments alike. */
export const sandboxCaps = (config: Config): Partial<SandboxLimits> => ({
  timeoutMs: config.SANDBOX_MAX_TIMEOUT_SECONDS * 1000,
  memoryBytes: config.SANDBOX_MAX_MEMORY_MB * 1024 * 1024,
  nanoCpus: Math.round(config.SANDBOX_CPUS * 1e9),
});

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
  log: (line: string) => void;
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
