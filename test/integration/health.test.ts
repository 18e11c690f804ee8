import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { connectDocker } from '../../sandbox/index.ts';
import { createApp } from '../../server/app.ts';
import { PROBE_TIMEOUT_MS, type ReadinessProbe } from '../../server/health.ts';
import { createLogger } from '../../server/logging.ts';
import { setUpTestApp } from '../support/app.ts';
import { Client, listen } from '../support/http.ts';

const t = setUpTestApp();
const closers: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const close of closers) await close();
});

/** The test app's deps served with these probes; returns a client and the lines it logged. */
async function servedWith(probes: ReadinessProbe[]) {
  const logged: string[] = [];
  const logger = createLogger('info', { write: (line: string) => void logged.push(JSON.parse(line).msg) });
  const server = await listen(createApp(t.app.deps, { clientDist: '/nonexistent', probes, logger }));
  closers.push(server.close);
  return { client: new Client(server.baseUrl), logged };
}

describe('health endpoints', () => {
  it('answer /healthz while the process is up, and /readyz when the database answers', async () => {
    const client = t.app.client();
    const health = await client.get('/healthz');
    expect(health.status).toBe(200);
    expect(health.body).toEqual({ status: 'ok' });
    const ready = await client.get('/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body).toEqual({ status: 'ready', checks: { database: 'ok' } });
  });

  it('answer 503 naming the part that does not answer, and keep the reason for the log', async () => {
    // A real PostgreSQL client aimed at a port where nothing listens, and a real Docker engine.
    const nowhere = new pg.Pool({ connectionString: 'postgres://gauntlet@127.0.0.1:1/none', max: 1 });
    closers.push(() => nowhere.end());
    const { client, logged } = await servedWith([
      { name: 'database', check: () => t.database.db.query('select 1') },
      { name: 'queue', check: () => nowhere.query('select 1') },
      { name: 'docker', check: () => connectDocker().ping() },
    ]);
    const reply = await client.get('/readyz');
    expect(reply.status).toBe(503);
    expect(reply.body).toEqual({
      status: 'not ready',
      checks: { database: 'ok', queue: 'failing', docker: 'ok' },
    });
    expect(JSON.stringify(reply.body)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1/);
    expect(logged.filter((line) => line.startsWith('readiness'))).toEqual([
      expect.stringMatching(/^readiness: queue is failing: .*ECONNREFUSED/),
    ]);
  });

  it('count a part that hangs as failing after the probe time-out', async () => {
    const { client } = await servedWith([{ name: 'docker', check: () => new Promise(() => {}) }]);
    const started = Date.now();
    const reply = await client.get('/readyz');
    expect(reply.status).toBe(503);
    expect(reply.body.checks).toEqual({ docker: 'failing' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(PROBE_TIMEOUT_MS - 50);
  });
});
