import path from 'node:path';
import type { Config } from './config.ts';
import { startEmbeddedPostgres } from './db/embedded.ts';
import { migrate } from './db/migrate.ts';
import { createPool, type Db } from './db/pool.ts';

export const PROJECT_ROOT = path.resolve(import.meta.dirname, '..');

/** Connects to DATABASE_URL or to the embedded PostgreSQL in ./.data, and applies the migrations. */
export async function openDatabase(
  config: Config,
  log: (line: string) => void,
): Promise<{ db: Db; url: string; stop: () => Promise<void> }> {
  let url = config.DATABASE_URL;
  let stopServer = async () => {};
  if (!url) {
    const embedded = await startEmbeddedPostgres({
      dataDir: path.join(PROJECT_ROOT, '.data', 'postgres'),
      port: config.EMBEDDED_PG_PORT,
      log,
    });
    url = embedded.url;
    stopServer = embedded.stop;
  }
  const db = createPool(url);
  const applied = await migrate(db);
  if (applied.length > 0) log(`Applied migrations: ${applied.join(', ')}`);
  return {
    db,
    url,
    stop: async () => {
      await db.end();
      await stopServer();
    },
  };
}
