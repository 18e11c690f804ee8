import type { PgBoss } from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox } from '../../sandbox/index.ts';
import { pgBossQueue, startBoss } from '../../server/grading/queue.ts';
import { gradeJob, startGradingWorker } from '../../server/grading/worker.ts';
import { insertGrading } from '../../server/queries/gradings.ts';
import { startTestApp } from '../support/app.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { requireDocker } from '../support/docker.ts';
import { createOrganisation, PASSWORD, type TestOrganisation } from '../support/factories.ts';
import type { Client } from '../support/http.ts';
import { loadProbe, PROBE_SLUG, probeCandidate } from '../support/probe.ts';

let database: TestDatabase;
let boss: PgBoss;
let app: Awaited<ReturnType<typeof startTestApp>>;
let org: TestOrganisation;
let stopWorker: () => Promise<void>;
const SLUG = PROBE_SLUG;

beforeAll(async () => {
  const docker = await requireDocker();
  database = await createTestDatabase();
  boss = await startBoss(database.url);
  app = await startTestApp(database.db, pgBossQueue(boss));
  const probe = await loadProbe();
  app.deps.catalogue.challenges.set(SLUG, probe);
  org = await createOrganisation(database.db, [SLUG]);
  stopWorker = await startGradingWorker({
    db: database.db,
    boss,
    sandbox: createSandbox({ docker }),
    catalogue: app.deps.catalogue,
    concurrency: 2,
  });
});
afterAll(async () => {
  await stopWorker?.();
  await boss?.stop({ graceful: false, timeout: 1000 });
  await app?.close();
  await database?.drop();
});

const candidateWith = (mode: string) => probeCandidate(database.db, org, app.client(), mode);

async function gradeAndWait(client: Client, kind: 'run' | 'submit') {
  const queued = await client.post(`/api/candidate/attempt/challenges/${SLUG}/gradings`, { kind });
  expect(queued.status).toBe(202);
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const grading = await client.get(`/api/candidate/attempt/gradings/${queued.body.id}`);
    if (grading.body.status === 'done' || grading.body.status === 'error') return grading.body;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the grading did not finish within 30 s');
}

describe('grading through the queue, a worker and the sandbox', () => {
  it('grades a run with the visible checks and a submission with all of them, and scores the attempt', async () => {
    const { client, attemptId } = await candidateWith('ok');
    const run = await gradeAndWait(client, 'run');
    expect(run).toMatchObject({ status: 'done', score: 100, error: null });
    expect(run.checks).toEqual([
      {
        visible: true,
        id: 'has-mode',
        title: 'mode.txt exists',
        dimension: 'iac',
        covers: ['R1'],
        passed: true,
        score: 1,
        message: 'mode ok',
      },
    ]);
    const submit = await gradeAndWait(client, 'submit');
    expect(submit.checks).toEqual([
      expect.objectContaining({ id: 'has-mode' }),
      { visible: false, passed: true },
    ]);
    expect(JSON.stringify(submit)).not.toContain('hidden detail');

    const staff = app.client();
    await staff.post('/api/staff/sign-in', { email: org.manager.email, password: PASSWORD });
    const table = await staff.get(`/api/staff/assessments/${org.assessmentId}/attempts`);
    const row = table.body.attempts.find((r: { id: string }) => r.id === attemptId);
    expect(row).toMatchObject({ status: 'graded', gradingErrors: 0 });
    expect(row.scores.iac).toEqual({ score: 100, checkCount: 1 });
    expect(row.scores.security).toEqual({ score: 100, checkCount: 1 });
  });

  it('records a grader error as such and leaves it out of the scores', async () => {
    const { client, attemptId } = await candidateWith('crash');
    const submit = await gradeAndWait(client, 'submit');
    expect(submit.status).toBe('error');
    expect(submit.error).toMatch(/grader bug/);
    const staff = app.client();
    await staff.post('/api/staff/sign-in', { email: org.manager.email, password: PASSWORD });
    const table = await staff.get(`/api/staff/assessments/${org.assessmentId}/attempts`);
    const row = table.body.attempts.find((r: { id: string }) => r.id === attemptId);
    expect(row.gradingErrors).toBe(1);
    expect(row.scores.security).toEqual({ score: null, checkCount: 0 });
  });

  it('records a result once when the same job is delivered twice at the same time', async () => {
    const { attemptId } = await candidateWith('ok');
    // Inserted without a job, so the suite's own worker cannot take it: only the two deliveries below run.
    const grading = await insertGrading(database.db, {
      organisationId: org.organisationId,
      attemptId,
      challengeSlug: SLUG,
      kind: 'run',
      files: [{ path: 'mode.txt', content: 'ok' }],
    });
    const deps = {
      db: database.db,
      sandbox: createSandbox({ docker: await requireDocker() }),
      catalogue: app.deps.catalogue,
    };
    const stored = await Promise.all([
      gradeJob(deps, { gradingId: grading.id, jobId: 'dup-1', retryCount: 0 }),
      gradeJob(deps, { gradingId: grading.id, jobId: 'dup-2', retryCount: 0 }),
    ]);
    // Both deliveries may grade; exactly one of them stores the result.
    expect(stored.filter(Boolean)).toHaveLength(1);
    const { rows } = await database.db.query('select status, finished_at from gradings where id = $1', [
      grading.id,
    ]);
    expect(rows).toHaveLength(1);
    expect(rows[0].status).toBe('done');
  });
});
