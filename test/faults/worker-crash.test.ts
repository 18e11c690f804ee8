import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import type Docker from 'dockerode';
import type { PgBoss } from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LABEL_SANDBOX } from '../../sandbox/index.ts';
import { pgBossQueue, startBoss } from '../../server/grading/queue.ts';
import { startTestApp } from '../support/app.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { requireDocker } from '../support/docker.ts';
import { createOrganisation } from '../support/factories.ts';
import { loadProbe, PROBE_SLUG, probeCandidate, waitFor } from '../support/probe.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
let docker: Docker;
let database: TestDatabase;
let boss: PgBoss;
let app: Awaited<ReturnType<typeof startTestApp>>;
const workers: ChildProcess[] = [];

function startWorker(): Promise<ChildProcess> {
  const child = spawn(path.join(ROOT, 'node_modules/.bin/node'), ['test/faults/probe-worker.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, DATABASE_URL: database.url, WORKER_CONCURRENCY: '1' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  workers.push(child);
  return new Promise((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`worker exited ${code} before it was ready`)));
  });
}

beforeAll(async () => {
  docker = await requireDocker();
  database = await createTestDatabase();
  boss = await startBoss(database.url);
  app = await startTestApp(database.db, pgBossQueue(boss));
  app.deps.catalogue.challenges.set(PROBE_SLUG, await loadProbe());
});
afterAll(async () => {
  for (const worker of workers) worker.kill('SIGKILL');
  await boss?.stop({ graceful: false, timeout: 1000 });
  await app?.close();
  await database?.drop();
});

describe('a worker killed mid-grading', () => {
  it('has its job finished by another worker and its container reaped', async () => {
    const org = await createOrganisation(database.db, ['contract-probe']);
    const { client } = await probeCandidate(database.db, org, app.client(), 'slow');

    const victim = await startWorker();
    const queued = await client.post('/api/candidate/attempt/challenges/contract-probe/gradings', {
      kind: 'run',
    });
    const gradingId: string = queued.body.id;
    const container = await waitFor(
      "the victim's sandbox container",
      async () => {
        const list = await docker.listContainers({
          filters: { label: [`${LABEL_SANDBOX}=1`, `gauntlet.owner`] },
        });
        return list.find((c) => c.Labels['gauntlet.owner']?.endsWith(`:${victim.pid}`));
      },
      20_000,
    );

    victim.kill('SIGKILL');
    const killedAt = Date.now();
    await startWorker();

    const finished = await waitFor(
      'the grading to be finished by the second worker',
      async () => {
        const reply = await client.get(`/api/candidate/attempt/gradings/${gradingId}`);
        return reply.body.status === 'done' || reply.body.status === 'error' ? reply.body : undefined;
      },
      90_000,
    );
    expect(finished.status).toBe('done');
    expect(Date.now() - killedAt).toBeLessThan(60_000);
    const left = await docker.listContainers({ all: true, filters: { id: [container.Id] } });
    expect(left).toEqual([]);
  });
});
