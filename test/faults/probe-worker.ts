/**
 * A worker process like `npm run worker`, whose catalogue also holds the contract-probe test
 * challenge (its "slow" mode gives the fault tests time to kill things mid-grading).
 */
import path from 'node:path';
import { loadCatalogue, loadChallenge } from '../../server/challenges/load.ts';
import { loadConfig } from '../../server/config.ts';
import { createPool } from '../../server/db/pool.ts';
import { joinGradingFleet } from '../../server/grading/fleet-member.ts';
import { startBoss } from '../../server/grading/queue.ts';

const config = loadConfig();
if (!config.DATABASE_URL) throw new Error('probe-worker needs DATABASE_URL');
const catalogue = await loadCatalogue();
catalogue.challenges.set(
  'contract-probe',
  await loadChallenge(path.resolve(import.meta.dirname, '../fixtures/challenges/contract-probe')),
);
const db = createPool(config.DATABASE_URL);
const boss = await startBoss(config.DATABASE_URL);
await joinGradingFleet({ config, db, boss, catalogue, log: (line) => process.stdout.write(`${line}\n`) });
process.stdout.write('ready\n');
