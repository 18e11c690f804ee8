import { existsSync } from 'node:fs';
import type { PgBoss } from 'pg-boss';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { imageTag } from '../../sandbox/images/build.ts';
import { createSandbox } from '../../sandbox/index.ts';
import { liveGradingQueue, pgBossQueue, startBoss } from '../../server/grading/queue.ts';
import { startGradingWorker } from '../../server/grading/worker.ts';
import { environmentKey } from '../../server/live/manager.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { requireDocker } from '../support/docker.ts';
import { createInvitation, createOrganisation, type TestOrganisation } from '../support/factories.ts';
import type { Client } from '../support/http.ts';
import { type LiveTestApp, startedCandidate, startLiveTestApp, TestTerminal } from '../support/live.ts';
import { type SecondEngine, startSecondEngine } from '../support/second-engine.ts';

/**
 * Live environments on two real Docker engines (#19 point 4): this machine's, `a`, room for one, and
 * a second dockerd started here, `b`, room for two. A new environment goes to the engine with the
 * most room; its terminal, its files and its checks reach it there, the checks through a grading
 * queue of that engine's own, taken by a worker that reaches it; an engine that stops answering
 * takes no new environment, and its candidates are told so and given their time back.
 */
const SLUG = 'bad-gateway';
let database: TestDatabase;
let engineB: SecondEngine;
let boss: PgBoss;
let app: LiveTestApp;
let org: TestOrganisation;
const stopWorkers: (() => Promise<void>)[] = [];
/** Which queue each grading was taken from, as the workers logged it. */
const gradedFrom = new Map<string, string>();
/** Whether this machine's engine had its default bridge before the second engine started. */
let hadDocker0 = false;

beforeAll(async () => {
  const docker = await requireDocker();
  hadDocker0 = existsSync('/sys/class/net/docker0');
  engineB = await startSecondEngine({ from: docker, tags: [imageTag('live-web')] });
  database = await createTestDatabase();
  boss = await startBoss(database.url);
  app = await startLiveTestApp(database.db, {
    config: { LIVE_DOCKER_HOSTS: `a unix:///var/run/docker.sock 1, b ${engineB.url} 2` },
    queue: pgBossQueue(boss, { db: database.db }),
  });
  org = await createOrganisation(database.db, [SLUG]);
  const log = (message: string, fields?: Record<string, unknown>) => {
    if (message === 'graded' && fields) gradedFrom.set(String(fields.gradingId), String(fields.queue));
  };
  const common = {
    db: database.db,
    boss,
    sandbox: createSandbox({ docker }),
    catalogue: app.catalogue,
    concurrency: 1,
    log,
  };
  const [a, b] = app.engines;
  if (!a || !b) throw new Error('expected engines a and b');
  stopWorkers.push(await startGradingWorker({ ...common, live: a.environments }));
  for (const engine of [a, b]) {
    stopWorkers.push(
      await startGradingWorker({
        ...common,
        live: engine.environments,
        queue: liveGradingQueue(engine.name),
      }),
    );
  }
}, 300_000);

afterEach(async () => {
  engineB?.thaw();
  await database.db.query('update attempts set submitted_at = now() where organisation_id = $1', [
    org.organisationId,
  ]);
  await app.manager.sweep();
});

afterAll(async () => {
  for (const stop of stopWorkers) await stop();
  await boss?.stop({ graceful: false, timeout: 1000 });
  await app?.close();
  await engineB?.stop();
  await database?.drop();
}, 120_000);

async function candidate(): Promise<{ client: Client; attemptId: string }> {
  const invitation = await createInvitation(database.db, org);
  return { client: await startedCandidate(app, invitation.token), attemptId: invitation.attemptId };
}
const startEnvironment = (client: Client) =>
  client.post(`/api/candidate/attempt/challenges/${SLUG}/environment`);
const engineOf = async (attemptId: string) =>
  (
    await database.db.query<{ engine: string }>(
      `select engine from live_environments where attempt_id = $1 and status = 'ready'`,
      [attemptId],
    )
  ).rows[0]?.engine;

describe('live environments on two engines', { timeout: 180_000 }, () => {
  it('leave this machine’s engine its default bridge (the second one runs in a network namespace of its own)', () => {
    // dockerd --bridge=none deletes docker0 where it starts; the first engine's image builds used it.
    expect(hadDocker0).toBe(true);
    expect(existsSync('/sys/class/net/docker0')).toBe(true);
  });

  it('places each new environment on the engine with the most room, and refuses one past all of them', async () => {
    const placed: (string | undefined)[] = [];
    for (let i = 0; i < 3; i++) {
      const { client, attemptId } = await candidate();
      expect((await startEnvironment(client)).body).toMatchObject({ status: 'ready' });
      placed.push(await engineOf(attemptId));
      // The container is where the record says: on that engine, not the other.
      const key = environmentKey(attemptId, SLUG);
      for (const engine of app.engines) {
        expect(Boolean(await engine.environments.find(key))).toBe(engine.name === placed.at(-1));
      }
    }
    // b has two places and a one: b (2 vs 1), then a on the tie (1 vs 1, the first listed), then b.
    expect(placed).toEqual(['b', 'a', 'b']);
    const { client } = await candidate();
    const busy = await startEnvironment(client);
    expect(busy.status).toBe(503);
    expect(busy.body.error.id).toBe('environments_busy');
    expect(busy.body.error.message).toMatch(/All 3 live environments/);
  });

  it('reaches an environment on the second engine: its terminal, its files, and checks graded by its engine’s worker', async () => {
    const { client, attemptId } = await candidate();
    expect((await startEnvironment(client)).status).toBe(200);
    expect(await engineOf(attemptId)).toBe('b');
    const terminal = await TestTerminal.open(app, client, SLUG);
    terminal.type('curl -s -o /dev/null -w "%{http_code}\\n" http://127.0.0.1:8080/\r');
    await terminal.waitFor(/\n502\n/);
    terminal.close();
    const file = await client.get(
      `/api/candidate/attempt/challenges/${SLUG}/environment/file?path=${encodeURIComponent('/srv/site/nginx.conf')}`,
    );
    expect(file.status).toBe(200);
    expect(file.body.content).toMatch(/upstream shop_api/);

    const run = await client.post(`/api/candidate/attempt/challenges/${SLUG}/gradings`, { kind: 'run' });
    expect(run.status).toBe(202);
    const graded = await waitForGrading(client, run.body.id);
    expect(graded.status).toBe('done');
    // A check run shows the visible checks: what is still broken fails.
    expect(
      graded.checks
        .filter((c: { passed: boolean }) => !c.passed)
        .map((c: { id: string }) => c.id)
        .sort(),
    ).toEqual(['answers-200', 'incident-note', 'log-space']);
    expect(gradedFrom.get(run.body.id)).toBe(liveGradingQueue('b'));
  });

  it('takes no new environment on an engine that stops answering; its candidates are told and credited', async () => {
    const { client, attemptId } = await candidate();
    expect((await startEnvironment(client)).status).toBe(200);
    expect(await engineOf(attemptId)).toBe('b');
    engineB.freeze();

    const lost = await startEnvironment(client);
    expect(lost.status).toBe(503);
    expect(lost.body.error.id).toBe('environment_lost');
    expect(lost.body.error.message).toMatch(
      /The server running your environment stopped answering, and the environment is gone\. 5 minutes were added to your time\./,
    );
    const credits = await database.db.query<{ cause: string; minutes: number }>(
      'select cause, minutes from time_credits where attempt_id = $1',
      [attemptId],
    );
    expect(credits.rows).toEqual([{ cause: 'live_engine_lost', minutes: 5 }]);

    // Started again: on a, the engine that answers, though b has more room on paper.
    const again = await startEnvironment(client);
    expect(again.body).toMatchObject({ status: 'ready' });
    expect(await engineOf(attemptId)).toBe('a');
    // a is full now and b does not answer: busy, never a wait on the frozen engine.
    const other = await candidate();
    const busy = await startEnvironment(other.client);
    expect(busy.status).toBe(503);
    expect(busy.body.error.id).toBe('environments_busy');
  });
});

async function waitForGrading(client: Client, id: string) {
  const until = Date.now() + 90_000;
  for (;;) {
    const reply = await client.get(`/api/candidate/attempt/gradings/${id}`);
    if (reply.body.status === 'done' || reply.body.status === 'error') return reply.body;
    if (Date.now() > until) throw new Error(`grading ${id} is still ${reply.body.status}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
