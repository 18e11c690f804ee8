import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmbeddedDatabase, startEmbeddedPostgres } from '../../server/db/embedded.ts';
import { migrate } from '../../server/db/migrate.ts';
import { createPool, type Db } from '../../server/db/pool.ts';
import { createInvitation, createOrganisation } from '../support/factories.ts';
import { Client } from '../support/http.ts';
import { type ApiProcess, freePort, startApiProcess } from './api-process.ts';

/**
 * PostgreSQL stopped for a few seconds under load (a failover, a restart for an upgrade): while it
 * is down every request fails fast with 503 `database_unavailable`, none hangs and none is a 500;
 * once it is back, the API's connection pool reconnects by itself and every request succeeds
 * again, without the API process being restarted.
 */
const SLUG = 'terraform-refactor';
const OUTAGE_MS = 4000;
/** A request that takes longer than this is a hang, as far as a candidate's page is concerned. */
const HANG_MS = 5000;
const RECOVERY_BUDGET_MS = 10_000;

interface Sample {
  started: number;
  ended: number;
  status: number;
  errorId: string | null;
}

const dataDir = path.resolve(import.meta.dirname, `../../.data/fault-postgres-${process.pid}`);
let pgPort: number;
let server: EmbeddedDatabase | undefined;
let db: Db;
let api: ApiProcess | undefined;

const startPostgres = () => startEmbeddedPostgres({ dataDir, port: pgPort, persistent: true });

beforeAll(async () => {
  pgPort = await freePort();
  server = await startPostgres();
  db = createPool(server.url, 3);
  await migrate(db);
});
afterAll(async () => {
  await api?.kill('SIGKILL');
  await db?.end().catch(() => {});
  await server?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

/** One simulated candidate page: reads its attempt and autosaves, back to back, recording each answer. */
async function candidateLoad(client: Client, samples: Sample[], running: () => boolean, n: number) {
  const cookie = client.cookieHeader();
  for (let i = 0; running(); i += 1) {
    const save = i % 2 === n % 2;
    const started = performance.now();
    const reply = await fetch(
      `${client.baseUrl}/api/candidate/${save ? `attempt/challenges/${SLUG}/files` : 'attempt'}`,
      {
        method: save ? 'PUT' : 'GET',
        headers: { cookie, 'content-type': 'application/json' },
        signal: AbortSignal.timeout(HANG_MS),
        ...(save ? { body: JSON.stringify({ files: [{ path: 'main.tf', content: `# ${n}.${i}\n` }] }) } : {}),
      },
    ).catch(() => undefined);
    const body = reply ? ((await reply.json().catch(() => null)) as { error?: { id: string } } | null) : null;
    samples.push({
      started,
      ended: performance.now(),
      status: reply?.status ?? 0,
      errorId: body?.error?.id ?? null,
    });
    // A page that got an error waits a little before its next try, as the client's autosave does.
    if (!reply?.ok) await new Promise((r) => setTimeout(r, 100));
  }
}

describe('PostgreSQL restarted under load', () => {
  it('answers 503 fast while it is down and recovers by itself once it is back', async () => {
    if (!server) throw new Error('no PostgreSQL');
    api = await startApiProcess(server.url, await freePort());
    const pid = api.child.pid;
    const clients: Client[] = [];
    for (let i = 0; i < 4; i += 1) {
      const org = await createOrganisation(db, [SLUG]);
      const { token } = await createInvitation(db, org);
      const client = new Client(api.baseUrl);
      expect((await client.post('/api/candidate/enter', { token })).status).toBe(204);
      expect((await client.post('/api/candidate/attempt/start')).status).toBe(200);
      clients.push(client);
    }

    const samples: Sample[] = [];
    let running = true;
    const load = Promise.all(clients.map((c, n) => candidateLoad(c, samples, () => running, n)));
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    let stopBegan = 0;
    let stopEnded = 0;
    let startBegan = 0;
    let startEnded = 0;
    try {
      await sleep(2000);
      stopBegan = performance.now();
      await server.stop();
      stopEnded = performance.now();
      await sleep(OUTAGE_MS);
      startBegan = performance.now();
      server = await startPostgres();
      startEnded = performance.now();
      await sleep(RECOVERY_BUDGET_MS + 3000);
    } finally {
      running = false;
      await load;
    }

    const failed = samples.filter((s) => s.status !== 200);
    const show = (s: Sample) =>
      `${s.status} ${s.errorId} at ${Math.round(s.started - stopBegan)} ms for ${Math.round(s.ended - s.started)} ms`;
    // Before the stop, everything worked.
    expect(samples.filter((s) => s.ended < stopBegan && s.status !== 200).map(show)).toEqual([]);
    // Nothing hung and nothing was a 500: every failure is a clear 503.
    expect(samples.filter((s) => s.status === 0).map(show), api.stderr().slice(-3000)).toEqual([]);
    expect(failed.filter((s) => s.status !== 503 || s.errorId !== 'database_unavailable').map(show)).toEqual(
      [],
    );
    // While it was down, requests were answered, fast, with that 503.
    const during = samples.filter((s) => s.started > stopEnded && s.ended < startBegan);
    expect(during.length).toBeGreaterThan(10);
    expect(during.filter((s) => s.status !== 503).map(show)).toEqual([]);
    expect(Math.max(...during.map((s) => s.ended - s.started))).toBeLessThan(1000);
    // After the restart, within the budget, every request succeeds again.
    const lastFailure = Math.max(startEnded, ...failed.map((s) => s.ended));
    expect(lastFailure - startEnded).toBeLessThan(RECOVERY_BUDGET_MS);
    expect(samples.filter((s) => s.started > lastFailure).length).toBeGreaterThan(20);
    // The same API process did it: no restart, no crash (an idle client's error is not fatal).
    expect(api.alive()).toBe(true);
    expect(api.child.pid).toBe(pid);
    expect(api.stderr()).not.toMatch(/unexpected error|Uncaught|unhandled/i);
    const after = await clients[0]?.get('/api/candidate/attempt');
    expect(after?.status).toBe(200);
  });
});
