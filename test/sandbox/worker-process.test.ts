import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import type { PgBoss } from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pgBossQueue, startBoss } from '../../server/grading/queue.ts';
import { startTestApp } from '../support/app.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { requireDocker } from '../support/docker.ts';
import { createInvitation, createOrganisation } from '../support/factories.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
let database: TestDatabase;
let boss: PgBoss;
let app: Awaited<ReturnType<typeof startTestApp>>;
let worker: ChildProcess;
let workerOutput = '';

beforeAll(async () => {
  await requireDocker();
  database = await createTestDatabase();
  boss = await startBoss(database.url);
  app = await startTestApp(database.db, pgBossQueue(boss));
  // `npm run worker`, as a fleet would start it: only a database URL and (here, the local) Docker engine.
  worker = spawn(path.join(ROOT, 'node_modules/.bin/node'), ['server/worker-main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, DATABASE_URL: database.url, WORKER_CONCURRENCY: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  worker.stdout?.on('data', (chunk: Buffer) => {
    workerOutput += chunk.toString();
  });
  worker.stderr?.on('data', (chunk: Buffer) => {
    workerOutput += chunk.toString();
  });
});
afterAll(async () => {
  worker?.kill('SIGTERM');
  await new Promise((r) => worker?.once('exit', r));
  await boss?.stop({ graceful: false, timeout: 1000 });
  await app?.close();
  await database?.drop();
});

describe('a worker process', () => {
  it('grades what the web server queued, from another process', async () => {
    const org = await createOrganisation(database.db);
    const { token } = await createInvitation(database.db, org);
    const client = app.client();
    await client.post('/api/candidate/enter', { token });
    await client.post('/api/candidate/attempt/start');
    const queued = await client.post('/api/candidate/attempt/challenges/terraform-refactor/gradings', {
      kind: 'run',
    });
    let status = queued.body.status;
    const deadline = Date.now() + 45_000;
    while (status !== 'done' && status !== 'error' && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      status = (await client.get(`/api/candidate/attempt/gradings/${queued.body.id}`)).body.status;
    }
    expect(status, workerOutput).toBe('done');
    // The worker logs JSON lines; the one for this grading names it, the job and the request.
    const lines = workerOutput
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.find((line) => line.msg === 'graded' && line.gradingId === queued.body.id)).toMatchObject({
      service: 'gauntlet',
      role: 'worker',
      jobId: expect.any(String),
      // The request id of the check run that queued it, carried through the job.
      requestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      ms: expect.any(Number),
    });
  });
});
