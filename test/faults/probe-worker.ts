import { loadCatalogue } from '../../server/challenges/load.ts';
import { loadConfig } from '../../server/config.ts';
import { createPool } from '../../server/db/pool.ts';
import { joinGradingFleet } from '../../server/fleet.ts';
import { startBoss } from '../../server/grading/queue.ts';
import { loadProbe, PROBE_SLUG } from '../support/probe.ts';

const config = loadConfig();
if (!config.DATABASE_URL) throw new Error('probe-worker needs DATABASE_URL');
const catalogue = await loadCatalogue();
catalogue.challenges.set(PROBE_SLUG, await loadProbe());
const db = createPool(config.DATABASE_URL);
const boss = await startBoss(config.DATABASE_URL);
await joinGradingFleet({ config, db, boss, catalogue, log: (line) => process.stdout.write(`${line}\n`) });
process.stdout.write('ready\n');
