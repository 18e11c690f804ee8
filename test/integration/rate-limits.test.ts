import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { loadCatalogue } from '../../server/challenges/load.ts';
import { type Config, configWith } from '../../server/config.ts';
import { deleteEndedCounters } from '../../server/security/counters.ts';
import { recordingQueue } from '../support/app.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import {
  createInvitation,
  createOrganisation,
  createStaffMember,
  PASSWORD,
  type TestOrganisation,
} from '../support/factories.ts';
import { Client, listen } from '../support/http.ts';

let database: TestDatabase;
let org: TestOrganisation;
const servers: { close: () => Promise<void> }[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  org = await createOrganisation(database.db);
});
afterAll(async () => {
  for (const server of servers) await server.close();
  await database?.drop();
});

/** One API process over the test database, with the given limits; several may share it. */
async function apiProcess(overrides: Partial<Record<keyof Config, string>>) {
  const config = configWith({ SESSION_SECRET: 'test-secret-test-secret', ...overrides });
  const app = createApp(
    { config, db: database.db, catalogue: await loadCatalogue(), queue: recordingQueue() },
    { clientDist: '/nonexistent' },
  );
  const server = await listen(app);
  servers.push(server);
  return { baseUrl: server.baseUrl, client: () => new Client(server.baseUrl) };
}

/** A POST that returns the Retry-After header too. */
async function post(baseUrl: string, path: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    retryAfter: response.headers.get('retry-after'),
    body: text ? JSON.parse(text) : null,
  };
}

const signIn = (baseUrl: string, email: string, password: string, headers?: Record<string, string>) =>
  post(baseUrl, '/api/staff/sign-in', { email, password }, headers);

/** A candidate who entered and started, on `api`. */
async function startedCandidate(api: { client: () => Client }) {
  const { token, attemptId } = await createInvitation(database.db, org);
  const client = api.client();
  expect((await client.post('/api/candidate/enter', { token })).status).toBe(204);
  expect((await client.post('/api/candidate/attempt/start')).status).toBe(200);
  return { client, attemptId };
}

describe('rate limits', () => {
  it('refuses sign-in for one email past its limit, with Retry-After and the limit named, even with the right password', async () => {
    const api = await apiProcess({ RATE_LIMIT_SIGN_IN_PER_EMAIL: '3', RATE_LIMIT_WINDOW_SECONDS: '600' });
    const target = await createStaffMember(database.db, org, 'manager');
    for (let i = 0; i < 3; i++) expect((await signIn(api.baseUrl, target.email, 'wrong')).status).toBe(401);
    const refused = await signIn(api.baseUrl, target.email, PASSWORD);
    expect(refused.status).toBe(429);
    expect(refused.body.error.id).toBe('rate_limited');
    expect(refused.body.error.message).toContain('sign_in_email');
    const retryAfter = Number(refused.retryAfter);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(600);
    // Another account from the same address is not locked out by it.
    expect((await signIn(api.baseUrl, org.interviewer.email, PASSWORD)).status).toBe(200);
  });

  it('counts sign-ins per client address, and believes X-Forwarded-For only with TRUST_PROXY', async () => {
    const proxied = await apiProcess({ RATE_LIMIT_SIGN_IN_PER_IP: '2', TRUST_PROXY: '1' });
    const from = (ip: string) => ({ 'x-forwarded-for': ip });
    for (let i = 0; i < 2; i++)
      expect((await signIn(proxied.baseUrl, `nobody${i}@example.com`, 'x', from('203.0.113.7'))).status).toBe(
        401,
      );
    const refused = await signIn(proxied.baseUrl, 'nobody9@example.com', 'x', from('203.0.113.7'));
    expect(refused.status).toBe(429);
    expect(refused.body.error.message).toContain('sign_in_ip');
    expect((await signIn(proxied.baseUrl, 'nobody9@example.com', 'x', from('203.0.113.8'))).status).toBe(401);

    // Without a trusted proxy, a forged X-Forwarded-For does not buy a fresh count: the socket's
    // address (127.0.0.1 here) is the key, whatever the header claims.
    const direct = await apiProcess({ RATE_LIMIT_SIGN_IN_PER_IP: '2' });
    await database.db.query(`delete from rate_limit_counters where bucket = 'sign_in_ip'`);
    for (const ip of ['198.51.100.1', '198.51.100.2'])
      expect((await signIn(direct.baseUrl, 'nobody@example.com', 'x', from(ip))).status).toBe(401);
    expect((await signIn(direct.baseUrl, 'nobody@example.com', 'x', from('198.51.100.3'))).status).toBe(429);
  });

  it('refuses entering invitations past the per-address limit, a valid link included', async () => {
    const api = await apiProcess({ RATE_LIMIT_ENTER_PER_IP: '3' });
    await database.db.query(`delete from rate_limit_counters where bucket = 'enter_ip'`);
    for (let i = 0; i < 3; i++)
      expect((await post(api.baseUrl, '/api/candidate/enter', { token: 'x'.repeat(43) })).status).toBe(404);
    const { token } = await createInvitation(database.db, org);
    const refused = await post(api.baseUrl, '/api/candidate/enter', { token });
    expect(refused.status).toBe(429);
    expect(refused.body.error.message).toContain('enter_ip');
    expect(Number(refused.retryAfter)).toBeGreaterThanOrEqual(1);
  });

  it('limits gradings per attempt, not per address: another candidate can still run checks', async () => {
    const api = await apiProcess({ RATE_LIMIT_GRADINGS_PER_ATTEMPT: '2' });
    const first = await startedCandidate(api);
    const path = '/api/candidate/attempt/challenges/terraform-refactor/gradings';
    expect((await first.client.post(path, { kind: 'run' })).status).toBe(202);
    expect((await first.client.post(path, { kind: 'run' })).status).toBe(202);
    const refused = await first.client.post(path, { kind: 'run' });
    expect(refused.status).toBe(429);
    expect(refused.body.error).toMatchObject({ id: 'rate_limited' });
    expect(refused.body.error.message).toContain('gradings_attempt');
    const { rows } = await database.db.query('select 1 from gradings where attempt_id = $1', [
      first.attemptId,
    ]);
    expect(rows).toHaveLength(2);
    const second = await startedCandidate(api);
    expect((await second.client.post(path, { kind: 'run' })).status).toBe(202);
  });

  it('shares one count between two API processes over the same database', async () => {
    const a = await apiProcess({ RATE_LIMIT_GRADINGS_PER_ATTEMPT: '3' });
    const b = await apiProcess({ RATE_LIMIT_GRADINGS_PER_ATTEMPT: '3' });
    const { client } = await startedCandidate(a);
    const cookie = client.cookieHeader();
    const path = '/api/candidate/attempt/challenges/terraform-refactor/gradings';
    const statuses = [];
    for (const api of [a, b, a, b])
      statuses.push((await post(api.baseUrl, path, { kind: 'run' }, { cookie })).status);
    expect(statuses).toEqual([202, 202, 202, 429]);
  });

  it('counts concurrent requests exactly: of 12 at once with a limit of 5, 5 pass', async () => {
    const api = await apiProcess({ RATE_LIMIT_ENTER_PER_IP: '5' });
    await database.db.query(`delete from rate_limit_counters where bucket = 'enter_ip'`);
    const replies = await Promise.all(
      Array.from({ length: 12 }, () => post(api.baseUrl, '/api/candidate/enter', { token: 'y'.repeat(43) })),
    );
    const statuses = replies.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 404)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(7);
  });

  it('lets requests through again once the window has passed', async () => {
    const api = await apiProcess({ RATE_LIMIT_ENTER_PER_IP: '1', RATE_LIMIT_WINDOW_SECONDS: '2' });
    await database.db.query(`delete from rate_limit_counters where bucket = 'enter_ip'`);
    const enter = () => post(api.baseUrl, '/api/candidate/enter', { token: 'z'.repeat(43) });
    expect((await enter()).status).toBe(404);
    let refused = await enter();
    // Landing on a window's last instant makes the second call the next window's first.
    if (refused.status === 404) refused = await enter();
    expect(refused.status).toBe(429);
    const wait = Number(refused.retryAfter);
    expect(wait).toBeGreaterThanOrEqual(1);
    expect(wait).toBeLessThanOrEqual(2);
    await new Promise((resolve) => setTimeout(resolve, wait * 1000 + 100));
    expect((await enter()).status).toBe(404);
  });

  it('sweeps counters whose window has ended and keeps the current ones', async () => {
    await database.db.query(
      `insert into rate_limit_counters (bucket, key, window_start, window_end, hits) values
         ('enter_ip', 'old', now() - interval '2 hours', now() - interval '1 hour', 7),
         ('enter_ip', 'current', now() - interval '1 minute', now() + interval '14 minutes', 2)`,
    );
    expect(await deleteEndedCounters(database.db)).toBeGreaterThanOrEqual(1);
    const { rows } = await database.db.query<{ key: string }>(
      `select key from rate_limit_counters where key in ('old', 'current')`,
    );
    expect(rows.map((r) => r.key)).toEqual(['current']);
  });
});
