import { rm } from 'node:fs/promises';
import path from 'node:path';
import type Docker from 'dockerode';
import pg from 'pg';
import { createSandbox, WarmPool } from '../sandbox/index.ts';
import { createApp } from '../server/app.ts';
import type { Catalogue } from '../server/challenges/load.ts';
import { configWith } from '../server/config.ts';
import type { WorkspaceFile } from '../server/contract/api.ts';
import { startEmbeddedPostgres } from '../server/db/embedded.ts';
import { migrate } from '../server/db/migrate.ts';
import { createPool } from '../server/db/pool.ts';
import { pgBossQueue, startBoss } from '../server/grading/queue.ts';
import type { GraderPool } from '../server/grading/run-grader.ts';
import { startGradingWorker } from '../server/grading/worker.ts';
import { seedDemo } from '../server/seed.ts';
import { type Summary, summarize } from './stats.ts';

/**
 * HTTP submit (a "run" grading) until the result is stored, on a throwaway embedded PostgreSQL,
 * with the real queue, worker and sandbox; one grading at a time, so the system is idle.
 */
export async function measureSubmitToResult(options: {
  root: string;
  catalogue: Catalogue;
  docker: Docker;
  files: WorkspaceFile[];
  rounds: number;
  /** Grade in pre-warmed sandboxes (the fleet's default) or in cold ones. */
  warm: boolean;
}): Promise<Summary> {
  const dataDir = path.join(options.root, '.data', 'bench-postgres');
  await rm(dataDir, { recursive: true, force: true });
  const server = await startEmbeddedPostgres({ dataDir, port: 5435, persistent: false });
  const db = createPool(server.url);
  await migrate(db);
  const boss = await startBoss(server.url);
  const config = configWith({ SESSION_SECRET: 'bench-secret-bench-secret' });
  const http = createApp({ config, db, catalogue: options.catalogue, queue: pgBossQueue(boss) }).listen(
    0,
    '127.0.0.1',
  );
  await new Promise((r) => http.once('listening', r));
  const address = http.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const pool: GraderPool | undefined = options.warm ? new WarmPool({ size: 2 }) : undefined;
  const stop = await startGradingWorker({
    ...(pool ? { pool } : {}),
    db,
    boss,
    sandbox: createSandbox({ docker: options.docker }),
    catalogue: options.catalogue,
    concurrency: 2,
  });
  try {
    const demo = await seedDemo(db, config);
    const enter = await fetch(`${base}/api/candidate/enter`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: demo.invitationToken }),
    });
    const cookie = enter.headers.getSetCookie()[0]?.split(';')[0] ?? '';
    const call = (method: string, url: string, body?: unknown) =>
      fetch(`${base}${url}`, {
        method,
        headers: { cookie, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    await call('POST', '/api/candidate/attempt/start');
    await call('PUT', '/api/candidate/attempt/challenges/terraform-refactor/files', { files: options.files });
    const samples: number[] = [];
    const listener = new pg.Client({ connectionString: server.url });
    await listener.connect();
    // Let the pool warm up as it would on a running fleet, then grade one submission at a time.
    if (options.warm) {
      await call('POST', '/api/candidate/attempt/challenges/terraform-refactor/gradings', { kind: 'run' });
      await new Promise((r) => setTimeout(r, 3000));
    }
    for (let i = 0; i < options.rounds; i++) {
      const t = performance.now();
      const reply = await call('POST', '/api/candidate/attempt/challenges/terraform-refactor/gradings', {
        kind: 'run',
      });
      const { id } = (await reply.json()) as { id: string };
      // Poll the database directly every 5 ms: the figure is the system's, not a client's poll interval.
      for (;;) {
        const { rows } = await listener.query<{ status: string }>(
          'select status from gradings where id = $1',
          [id],
        );
        if (rows[0]?.status === 'done' || rows[0]?.status === 'error') break;
        await new Promise((r) => setTimeout(r, 5));
      }
      samples.push(performance.now() - t);
      // An idle system: the next submission comes after the pool had time to replace what was used.
      await new Promise((r) => setTimeout(r, 2000));
    }
    await listener.end();
    return summarize(samples);
  } finally {
    await stop();
    await pool?.close();
    await boss.stop({ graceful: false, timeout: 1000 });
    http.close();
    await db.end();
    await server.stop();
  }
}
