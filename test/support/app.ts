import { afterAll, beforeAll } from 'vitest';
import { createApp } from '../../server/app.ts';
import { loadCatalogue } from '../../server/challenges/load.ts';
import { createCollabServer } from '../../server/collab/server.ts';
import { configWith } from '../../server/config.ts';
import type { Db } from '../../server/db/pool.ts';
import type { AppDeps, GradingQueue } from '../../server/deps.ts';
import { socketRoutes } from '../../server/socket-routes.ts';
import { attachSockets } from '../../server/sockets.ts';
import { createTestDatabase, type TestDatabase } from './database.ts';
import { Client, listen } from './http.ts';

/** A queue that only records what was enqueued: for API tests that stop short of grading. */
export function recordingQueue(): GradingQueue & { ids: string[]; requestIds: (string | undefined)[] } {
  const ids: string[] = [];
  const requestIds: (string | undefined)[] = [];
  return {
    ids,
    requestIds,
    async enqueue(id, context = {}) {
      ids.push(id);
      requestIds.push(context.requestId);
    },
  };
}

/**
 * The real app on a random port, over the given database, with the real challenge catalogue, and
 * the shared documents' socket of live interviews (no terminals: those need live environments).
 */
export async function startTestApp(db: Db, queue: GradingQueue = recordingQueue()) {
  const deps: AppDeps = {
    config: configWith({ SESSION_SECRET: 'test-secret-test-secret' }),
    db,
    catalogue: await loadCatalogue(),
    queue,
  };
  const server = await listen(createApp(deps, { clientDist: '/nonexistent' }));
  const collab = createCollabServer(deps);
  const sockets = socketRoutes(deps, collab);
  const stopSockets = attachSockets(server.server, sockets.routes);
  return {
    ...server,
    deps,
    collab,
    client: () => new Client(server.baseUrl),
    async close() {
      stopSockets();
      sockets.close();
      await collab.flush();
      collab.close();
      await server.close();
    },
  };
}

export type TestApp = Awaited<ReturnType<typeof startTestApp>>;

/**
 * A test file's database and app: made before its tests (before the file's own beforeAll, which may
 * then create organisations), closed and dropped after them.
 */
export function setUpTestApp(queue?: GradingQueue) {
  const t = {} as { database: TestDatabase; app: TestApp };
  beforeAll(async () => {
    t.database = await createTestDatabase();
    t.app = await startTestApp(t.database.db, queue);
  });
  afterAll(async () => {
    await t.app?.close();
    await t.database?.drop();
  });
  return t;
}
