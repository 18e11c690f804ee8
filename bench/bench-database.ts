/** A throwaway embedded PostgreSQL for a benchmark, migrated: its URL, a pool and how to stop both. */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { startEmbeddedPostgres } from '../server/db/embedded.ts';
import { migrate } from '../server/db/migrate.ts';
import { createPool, type Db } from '../server/db/pool.ts';

/** Its data lives in .data/bench-<name> under `root`, emptied first. */
export async function startBenchDatabase(root: string, name: string, port: number) {
  const dataDir = path.join(root, '.data', `bench-${name}`);
  await rm(dataDir, { recursive: true, force: true });
  const server = await startEmbeddedPostgres({ dataDir, port, persistent: false });
  const db: Db = createPool(server.url, 20);
  try {
    await migrate(db);
  } catch (error) {
    await db.end();
    await server.stop();
    throw error;
  }
  return {
    url: server.url,
    db,
    async stop() {
      await db.end();
      await server.stop();
    },
  };
}
