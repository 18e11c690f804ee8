/**
 * The API alone in its own process, for the replay ingest benchmark: the simulated candidates then
 * do not share an event loop with the server they measure. Prints `listening <port>` when ready.
 */
import type { AddressInfo } from 'node:net';
import { createApp } from '../server/app.ts';
import { loadCatalogue } from '../server/challenges/load.ts';
import { configWith } from '../server/config.ts';
import { createPool } from '../server/db/pool.ts';

const url = process.argv[2];
if (!url) throw new Error('usage: node bench/replay-api.ts <database url>');
const db = createPool(url, 20);
const config = configWith({ SESSION_SECRET: 'bench-secret-bench-secret' });
const catalogue = await loadCatalogue();
const http = createApp({ config, db, catalogue, queue: { enqueue: async () => {} } }).listen(
  0,
  '127.0.0.1',
  () => {
    process.stdout.write(`listening ${(http.address() as AddressInfo).port}\n`);
  },
);
process.on('SIGTERM', () => {
  http.closeAllConnections();
  http.close();
  void db.end().then(() => process.exit(0));
});
