import { createServer } from 'node:net';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../../server/db/embedded.ts';
import { migrate } from '../../server/db/migrate.ts';
import { createPool } from '../../server/db/pool.ts';

export const TEMPLATE_DB = 'gauntlet_test_template';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A server URL (any database name) where the migrated template database lives. */
    postgresUrl: string;
  }
}

/**
 * One real PostgreSQL for the whole run: TEST_DATABASE_URL when set, otherwise an embedded server
 * in .data/test-postgres. The schema is migrated once into a template; each test file clones it.
 */
export default async function setup(project: TestProject) {
  const external = process.env.TEST_DATABASE_URL;
  const server = external
    ? { url: external, stop: async () => {} }
    : await startEmbeddedPostgres({
        // Own folder and port per run, so runs started side by side never share (or stop) a server.
        dataDir: path.resolve(import.meta.dirname, `../../.data/test-postgres-${process.pid}`),
        port: await freePort(),
        persistent: false,
      });
  const admin = new pg.Client({ connectionString: server.url });
  await admin.connect();
  await admin.query(`drop database if exists ${TEMPLATE_DB} with (force)`);
  await admin.query(`create database ${TEMPLATE_DB}`);
  await admin.end();
  const templateUrl = withDatabase(server.url, TEMPLATE_DB);
  const pool = createPool(templateUrl, 1);
  await migrate(pool);
  await pool.end();
  project.provide('postgresUrl', server.url);
  return async () => {
    await server.stop();
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
