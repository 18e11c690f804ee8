import { execFileSync } from 'node:child_process';
import path from 'node:path';
import type Docker from 'dockerode';
import type { PgBoss } from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox, dockerAnswers, LABEL_SANDBOX } from '../../sandbox/index.ts';
import { ensureDockerEngine } from '../../scripts/setup/docker-engine.ts';
import { pgBossQueue, startBoss } from '../../server/grading/queue.ts';
import { startGradingWorker } from '../../server/grading/worker.ts';
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
let stopWorker: () => Promise<void>;

beforeAll(async () => {
  docker = await requireDocker();
  database = await createTestDatabase();
  boss = await startBoss(database.url);
  app = await startTestApp(database.db, pgBossQueue(boss));
  app.deps.catalogue.challenges.set(PROBE_SLUG, await loadProbe());
  stopWorker = await startGradingWorker({
    db: database.db,
    boss,
    sandbox: createSandbox({ docker }),
    catalogue: app.deps.catalogue,
    concurrency: 1,
  });
});
afterAll(async () => {
  // Leave an engine running for whatever runs next, whatever happened above.
  await ensureDockerEngine(docker, ROOT, () => {});
  await stopWorker?.();
  await boss?.stop({ graceful: false, timeout: 1000 });
  await app?.close();
  await database?.drop();
});

describe('the Docker engine stopping mid-grading', () => {
  it('ends the grading by a retry once the engine is back, and none stays running', async () => {
    const org = await createOrganisation(database.db, ['contract-probe']);
    const { client } = await probeCandidate(database.db, org, app.client(), 'slow');
    const queued = await client.post('/api/candidate/attempt/challenges/contract-probe/gradings', {
      kind: 'run',
    });
    await waitFor(
      'the sandbox container to start',
      async () => (await docker.listContainers({ filters: { label: [`${LABEL_SANDBOX}=1`] } }))[0],
      20_000,
    );

    execFileSync('pkill', ['-TERM', '-x', 'dockerd']);
    await waitFor(
      'the engine to stop',
      async () => ((await dockerAnswers(docker, 500)) ? undefined : true),
      30_000,
    );
    await new Promise((r) => setTimeout(r, 1000));
    await ensureDockerEngine(docker, ROOT, () => {});

    const grading = await waitFor(
      'the grading to end',
      async () => {
        const body: { status: string; error: string | null } = (
          await client.get(`/api/candidate/attempt/gradings/${queued.body.id}`)
        ).body;
        return body.status === 'done' || body.status === 'error' ? body : undefined;
      },
      120_000,
    );
    expect(grading.status, grading.error ?? '').toBe('done');
    const { rows } = await database.db.query(
      `select count(*)::int as n from gradings where status in ('queued', 'running')`,
    );
    expect(rows[0].n).toBe(0);
  });
});
