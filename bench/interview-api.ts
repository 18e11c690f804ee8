/**
 * The API alone in its own process, serving the shared documents of live interviews (Hocuspocus on
 * /api/collab) as server/main.ts does, without live environments: for the co-editing benchmark, so
 * the simulated participants do not share an event loop with the server they measure. Prints
 * `listening <port>` when ready.
 */
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createApp } from '../server/app.ts';
import { loadCatalogue } from '../server/challenges/load.ts';
import { createCollabServer } from '../server/collab/server.ts';
import { configWith } from '../server/config.ts';
import { createPool } from '../server/db/pool.ts';
import { socketRoutes } from '../server/socket-routes.ts';
import { attachSockets } from '../server/sockets.ts';
import { loopSummary } from './loop-delay.ts';

export const INTERVIEW_API_SECRET = 'bench-secret-bench-secret';

if (import.meta.main) {
  const url = process.argv[2];
  if (!url) throw new Error('usage: node bench/interview-api.ts <database url>');
  const log = (line: string) => process.stderr.write(`interview-api: ${line}\n`);
  const db = createPool(url, 20);
  const config = configWith({ SESSION_SECRET: INTERVIEW_API_SECRET });
  const catalogue = await loadCatalogue();
  const deps = { config, db, catalogue, queue: { enqueue: async () => {} } };
  const http = createApp(deps, { clientDist: '/nonexistent' }).listen(0, '127.0.0.1', () => {
    process.stdout.write(`listening ${(http.address() as AddressInfo).port}\n`);
  });
  const collab = createCollabServer(deps, log);
  const sockets = socketRoutes(deps, collab, log);
  const stopSockets = attachSockets(http, sockets.routes, log);
  // SIGUSR2: prints `loop {p50, p99, max}` (ms) of the event loop's delay since the last, and starts afresh.
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  process.on('SIGUSR2', () => {
    const delay = loopSummary(loop);
    loop.reset();
    process.stdout.write(`loop ${JSON.stringify(delay)}\n`);
  });
  process.on('SIGTERM', () => {
    void (async () => {
      // Connections first, so no message reaches the documents once the pool ends.
      stopSockets();
      sockets.close();
      collab.close();
      await collab.flush().catch(() => {});
      await new Promise((resolve) => setTimeout(resolve, 200));
      http.closeAllConnections();
      http.close();
      await db.end();
      process.exit(0);
    })();
  });
}
