/**
 * A grading worker on its own: `npm run worker`. Point it at the platform's database
 * (DATABASE_URL) and at any Docker engine (DOCKER_HOST); run as many as the hosts allow.
 */
import { loadCatalogue } from './challenges/load.ts';
import { loadConfig } from './config.ts';
import { openDatabase } from './database.ts';
import { joinGradingFleet } from './fleet.ts';
import { startBoss } from './grading/queue.ts';
import { createLogger, lineLog } from './logging.ts';

const config = loadConfig();
const log = lineLog(createLogger(config.LOG_LEVEL).child({ role: 'worker' }));
const catalogue = await loadCatalogue();
const database = await openDatabase(config, log);
const boss = await startBoss(database.url);
const leave = await joinGradingFleet({ config, db: database.db, boss, catalogue, log });
log(`grading with concurrency ${config.WORKER_CONCURRENCY}`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    void (async () => {
      await leave().catch(() => {});
      await boss.stop({ graceful: true, timeout: 30_000 }).catch(() => {});
      await database.stop().catch(() => {});
      process.exit(0);
    })();
  });
}
