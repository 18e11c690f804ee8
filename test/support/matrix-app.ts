import type { Express } from 'express';
import type { LiveEnvironments } from '../../sandbox/index.ts';
import { createApp } from '../../server/app.ts';
import { loadCatalogue } from '../../server/challenges/load.ts';
import { createCollabServer } from '../../server/collab/server.ts';
import { configWith } from '../../server/config.ts';
import type { Db } from '../../server/db/pool.ts';
import type { AppDeps } from '../../server/deps.ts';
import type { LiveManager } from '../../server/live/manager.ts';
import { socketRoutes } from '../../server/socket-routes.ts';
import { attachSockets } from '../../server/sockets.ts';
import { recordingQueue } from './app.ts';
import { listen } from './http.ts';

/**
 * A live manager whose environments are never running: for the sockets' guards, which answer
 * before any environment is asked for (the real terminals are tested in test/sandbox/).
 */
const nothingRunning: LiveManager = {
  ensure: async () => {
    throw new Error('no environments in the matrix');
  },
  findReady: async () => undefined,
  sweep: async () => 0,
  touch: async () => {},
  environments: {} as LiveEnvironments,
};

/**
 * The real app on a random port, WITHOUT live environments (their routes then answer 503 to a
 * candidate), returning the Express app too so its route table can be read, and every socket the
 * API serves (terminals over a manager that runs nothing). `config` overrides settings by name.
 */
export async function startAppWithRoutes(db: Db, config: Record<string, string> = {}) {
  const deps: AppDeps = {
    config: configWith({ SESSION_SECRET: 'test-secret-test-secret', ...config }),
    db,
    catalogue: await loadCatalogue(),
    queue: recordingQueue(),
  };
  const app: Express = createApp(deps, { clientDist: '/nonexistent' });
  const server = await listen(app);
  const collab = createCollabServer(deps);
  const sockets = socketRoutes({ ...deps, live: nothingRunning }, collab);
  const stopSockets = attachSockets(server.server, sockets.routes);
  return {
    ...server,
    app,
    deps,
    socketNames: sockets.routes.map((r) => r.name),
    async close() {
      stopSockets();
      sockets.close();
      collab.close();
      await server.close();
    },
  };
}
