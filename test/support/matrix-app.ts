import type { Express } from 'express';
import { createApp } from '../../server/app.ts';
import { loadCatalogue } from '../../server/challenges/load.ts';
import { configWith } from '../../server/config.ts';
import type { Db } from '../../server/db/pool.ts';
import type { AppDeps } from '../../server/deps.ts';
import { recordingQueue } from './app.ts';
import { listen } from './http.ts';

/**
 * The real app on a random port, WITHOUT live environments (their routes then answer 503 to a
 * candidate), returning the Express app too so its route table can be read. `config` overrides
 * settings by name (values as the environment would give them).
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
  return { ...server, app, deps };
}
