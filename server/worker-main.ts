/**
 * A grading worker on its own: `npm run worker`. Point it at the platform's database
 * (DATABASE_URL) and at any Docker engine (DOCKER_HOST); run as many as the hosts allow.
 */

import { connectDocker, createSandbox, defaultOwner, reapSandboxes } from '../sandbox/index.ts';
import { loadCatalogue } from './challenges/load.ts';
import { loadConfig } from './config.ts';
import { openDatabase } from './database.ts';
import { startBoss } from './grading/queue.ts';
import { startGradingWorker } from './grading/worker.ts';

const config = loadConfig();
const log = (line: string) => process.stdout.write(`[worker ${process.pid}] ${line}\n`);
const catalogue = await loadCatalogue();
const database = await openDatabase(config, log);
const boss = await startBoss(database.url);
const docker = connectDocker(config.DOCKER_HOST);
const owner = defaultOwner();
const reaped = await reapSandboxes(docker, { owner });
if (reaped > 0) log(`removed ${reaped} container(s) left by a dead worker`);
const sandbox = createSandbox({
  docker,
  owner,
  caps: {
    timeoutMs: config.SANDBOX_MAX_TIMEOUT_SECONDS * 1000,
    memoryBytes: config.SANDBOX_MAX_MEMORY_MB * 1024 * 1024,
    nanoCpus: Math.round(config.SANDBOX_CPUS * 1e9),
  },
});
const stop = await startGradingWorker({
  db: database.db,
  boss,
  sandbox,
  catalogue,
  concurrency: config.WORKER_CONCURRENCY,
  log,
});
log(`grading with concurrency ${config.WORKER_CONCURRENCY}`);

// Sandboxes of workers that died elsewhere are reaped once their deadline label has passed.
const sweep = setInterval(() => void reapSandboxes(docker).catch(() => {}), 60_000);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    clearInterval(sweep);
    void (async () => {
      await stop().catch(() => {});
      await boss.stop({ graceful: true, timeout: 30_000 }).catch(() => {});
      await database.stop().catch(() => {});
      process.exit(0);
    })();
  });
}
