/**
 * Managing webhooks through the staff API: the secret shown once and stored sealed, refused
 * targets (server-side request forgery: metadata and link-local always, private networks unless
 * allowed) at creation and at delivery, the organisation's scope, disabling, deleting, the
 * paged delivery log, and the audit log.
 */
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { loadCatalogue } from '../../server/challenges/load.ts';
import { configWith } from '../../server/config.ts';
import type { AppDeps } from '../../server/deps.ts';
import { sendSigned } from '../../server/webhooks/send.ts';
import { refusalOf } from '../../server/webhooks/targets.ts';
import { recordingQueue } from '../support/app.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { createOrganisation, PASSWORD, type TestOrganisation } from '../support/factories.ts';
import { Client, listen } from '../support/http.ts';

let database: TestDatabase;
/** The app as a self-hosted team with an internal receiver runs it (private targets allowed). */
let internal: Awaited<ReturnType<typeof listen>>;
/** The app as shipped: loopback and private networks refused too. */
let strict: Awaited<ReturnType<typeof listen>>;
let org: TestOrganisation;
let other: TestOrganisation;

async function appWith(config: Record<string, string>) {
  const deps: AppDeps = {
    config: configWith({ SESSION_SECRET: 'test-secret-test-secret', ...config }),
    db: database.db,
    catalogue: await loadCatalogue(),
    queue: recordingQueue(),
  };
  return listen(createApp(deps, { clientDist: '/nonexistent' }));
}

beforeAll(async () => {
  database = await createTestDatabase();
  internal = await appWith({ WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' });
  strict = await appWith({});
  org = await createOrganisation(database.db);
  other = await createOrganisation(database.db);
}, 60_000);

afterAll(async () => {
  await internal?.close();
  await strict?.close();
  await database?.drop();
});

async function signedIn(email: string, server = internal) {
  const client = new Client(server.baseUrl);
  expect((await client.post('/api/staff/sign-in', { email, password: PASSWORD })).status).toBe(200);
  return client;
}

const create = (client: Client, url: string, eventTypes = ['attempt.submitted']) =>
  client.post('/api/staff/webhooks', { url, description: 'ATS', eventTypes });

/** One signed try of an empty event, as the dispatcher makes it. */
const sendTo = (url: string, allowPrivate: boolean) =>
  sendSigned(
    {
      url,
      secret: `whsec_${Buffer.alloc(32, 7).toString('base64')}`,
      eventId: 'e',
      body: '{}',
      timestamp: new Date(),
    },
    { timeoutMs: 2000, allowPrivate },
  );

/** A receiver on a loopback port for the length of `use`. */
async function withReceiver(handler: RequestListener, use: (port: number) => Promise<void>) {
  const receiver = createServer(handler);
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  try {
    await use((receiver.address() as AddressInfo).port);
  } finally {
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  }
}

describe('webhook endpoints', () => {
  it('shows the signing secret once, at creation, and stores it only sealed', async () => {
    const manager = await signedIn(org.manager.email);
    const created = await create(manager, 'https://203.0.113.10/hooks/gauntlet');
    expect(created.status).toBe(201);
    expect(created.body.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(created.body.endpoint).toMatchObject({
      url: 'https://203.0.113.10/hooks/gauntlet',
      enabled: true,
    });
    const list = await manager.get('/api/staff/webhooks');
    expect(JSON.stringify(list.body)).not.toContain(created.body.secret.slice(6, 20));
    expect(list.body.endpoints.map((e: { id: string }) => e.id)).toContain(created.body.endpoint.id);
    const { rows } = await database.db.query<{ sealed: string }>(
      'select secret_sealed as sealed from webhook_endpoints where id = $1',
      [created.body.endpoint.id],
    );
    expect(rows[0]?.sealed).toMatch(/^v1\./);
    expect(rows[0]?.sealed).not.toContain(created.body.secret.slice(6, 20));
    const audit = await manager.get('/api/staff/audit');
    expect(audit.body.entries[0]).toMatchObject({
      action: 'webhook.create',
      target: { type: 'webhook_endpoint', id: created.body.endpoint.id },
    });
    expect(JSON.stringify(audit.body)).not.toContain(created.body.secret.slice(6, 20));
  });

  it('refuses metadata and link-local targets whatever the setting, and bad URLs, naming why', async () => {
    const manager = await signedIn(org.manager.email);
    // Each would make the server fetch what an attacker cannot: the cloud's credentials, a router.
    for (const url of [
      'http://169.254.169.254/latest/meta-data/iam/security-credentials/',
      'http://169.254.170.2/v2/credentials',
      'http://[fe80::1]/hook',
      'http://[::ffff:169.254.169.254]/hook',
      'http://[fd00:ec2::254]/latest',
      'http://0.0.0.0:8080/hook',
    ]) {
      const reply = await create(manager, url);
      expect([url, reply.status, reply.body.error?.id]).toEqual([url, 400, 'refused_webhook_target']);
    }
    for (const url of [
      'ftp://203.0.113.10/x',
      'file:///etc/passwd',
      'not a url',
      'https://user:pw@203.0.113.10/',
    ]) {
      const reply = await create(manager, url);
      expect([url, reply.status, reply.body.error?.id]).toEqual([url, 400, 'invalid_webhook_url']);
    }
    const unknownType = await create(manager, 'https://203.0.113.10/x', ['attempt.deleted']);
    expect(unknownType.status).toBe(400);
    expect(unknownType.body.error.message).toMatch(/^eventTypes/);
  });

  it('refuses loopback and private targets unless WEBHOOK_ALLOW_PRIVATE_TARGETS is on', async () => {
    const strictManager = await signedIn(org.manager.email, strict);
    for (const url of [
      'http://127.0.0.1:9000/hook',
      'http://localhost:9000/hook',
      'http://10.1.2.3/hook',
      'http://172.16.0.5/hook',
      'http://192.168.1.10/hook',
      'http://[::1]/hook',
      'http://[fd12:3456::1]/hook',
    ]) {
      const reply = await create(strictManager, url);
      expect([url, reply.status, reply.body.error?.id]).toEqual([url, 400, 'refused_webhook_target']);
      expect(reply.body.error.message).toContain('WEBHOOK_ALLOW_PRIVATE_TARGETS');
    }
    const internalManager = await signedIn(org.manager.email);
    expect((await create(internalManager, 'http://127.0.0.1:9000/hook')).status).toBe(201);
    expect((await create(internalManager, 'http://10.1.2.3/hook')).status).toBe(201);
  });

  it('checks the target again at delivery, on the address connected to (a name may resolve elsewhere later)', async () => {
    let reached = 0;
    await withReceiver(
      (_req, res) => {
        reached += 1;
        res.end('ok');
      },
      async (port) => {
        // "localhost" passes no literal check: the lookup the request connects with refuses it.
        const byName = await sendTo(`http://localhost:${port}/hook`, false);
        expect(byName).toMatchObject({ ok: false, statusCode: null });
        expect(byName.error).toMatch(/refused target/);
        const metadata = await sendTo('http://169.254.169.254/latest', true);
        expect(metadata.error).toMatch(/refused target: .*metadata/);
        expect(reached).toBe(0);
        const allowed = await sendTo(`http://localhost:${port}/hook`, true);
        expect(allowed).toMatchObject({ ok: true, statusCode: 200, responseExcerpt: 'ok' });
        expect(reached).toBe(1);
      },
    );
  });

  it('follows no redirect and keeps at most 2 KiB of the answer', async () => {
    await withReceiver(
      (req, res) => {
        if (req.url === '/moved') res.writeHead(302, { location: 'http://169.254.169.254/' }).end();
        else res.writeHead(200).end('x'.repeat(100_000));
      },
      async (port) => {
        const moved = await sendTo(`http://127.0.0.1:${port}/moved`, true);
        expect(moved).toMatchObject({ ok: false, statusCode: 302, error: 'the receiver answered 302' });
        const large = await sendTo(`http://127.0.0.1:${port}/big`, true);
        expect(large.ok).toBe(true);
        expect(large.responseExcerpt).toHaveLength(2048);
      },
    );
  });

  it('tells which addresses are refused', () => {
    expect(refusalOf('169.254.169.254', true)).toMatch(/metadata/);
    expect(refusalOf('fe80::abcd', true)).toMatch(/link-local/);
    expect(refusalOf('127.0.0.1', false)).toMatch(/loopback or private/);
    expect(refusalOf('127.0.0.1', true)).toBeUndefined();
    expect(refusalOf('203.0.113.10', false)).toBeUndefined();
    expect(refusalOf('2001:db8::1', false)).toBeUndefined();
  });

  it("keeps each organisation's endpoints and logs to itself, and interviewers out", async () => {
    const mine = await signedIn(org.manager.email);
    const created = await create(mine, 'https://203.0.113.10/org-one');
    const id = created.body.endpoint.id;
    const theirs = await signedIn(other.manager.email);
    const list = await theirs.get('/api/staff/webhooks');
    expect(list.body.endpoints.map((e: { id: string }) => e.id)).not.toContain(id);
    for (const [method, path] of [
      ['GET', `/api/staff/webhooks/${id}/deliveries`],
      ['PATCH', `/api/staff/webhooks/${id}`],
      ['POST', `/api/staff/webhooks/${id}/ping`],
      ['DELETE', `/api/staff/webhooks/${id}`],
    ] as const) {
      const reply = await theirs.request(method, path, method === 'PATCH' ? { enabled: false } : undefined);
      expect([path, reply.status]).toEqual([path, 404]);
    }
    const interviewer = await signedIn(org.interviewer.email);
    expect((await interviewer.get('/api/staff/webhooks')).status).toBe(403);
    expect((await interviewer.post(`/api/staff/webhooks/${id}/ping`)).status).toBe(403);
    expect((await mine.get(`/api/staff/webhooks/${id}/deliveries`)).status).toBe(200);
  });

  it('disables, re-enables and deletes an endpoint; a disabled or deleted one gets no new events', async () => {
    const manager = await signedIn(org.manager.email);
    const created = await create(manager, 'https://203.0.113.10/toggle');
    const id = created.body.endpoint.id;
    const off = await manager.request('PATCH', `/api/staff/webhooks/${id}`, { enabled: false });
    expect(off.body.endpoint.enabled).toBe(false);
    // Another invitation of the organisation: no delivery for the disabled endpoint.
    const invite = () =>
      manager.post(`/api/staff/assessments/${org.assessmentId}/invitations`, {
        candidateName: 'Toggle',
        candidateEmail: `t-${Math.random().toString(36).slice(2)}@example.com`,
      });
    await manager.request('PATCH', `/api/staff/webhooks/${id}`, { enabled: true });
    await manager.request('PATCH', `/api/staff/webhooks/${id}`, { enabled: false });
    expect((await invite()).status).toBe(201);
    const count = async () =>
      (await manager.get(`/api/staff/webhooks/${id}/deliveries`)).body.deliveries.length as number;
    expect(await count()).toBe(0);
    const on = await manager.request('PATCH', `/api/staff/webhooks/${id}`, { enabled: true });
    expect(on.body.endpoint.enabled).toBe(true);
    expect((await manager.post(`/api/staff/webhooks/${id}/ping`)).status).toBe(202);
    expect(await count()).toBe(1);
    expect((await manager.request('DELETE', `/api/staff/webhooks/${id}`)).status).toBe(204);
    expect((await manager.request('DELETE', `/api/staff/webhooks/${id}`)).status).toBe(204);
    expect((await manager.get(`/api/staff/webhooks/${id}/deliveries`)).status).toBe(404);
    const list = await manager.get('/api/staff/webhooks');
    expect(list.body.endpoints.map((e: { id: string }) => e.id)).not.toContain(id);
    const { rows } = await database.db.query<{ status: string }>(
      'select status from webhook_deliveries where endpoint_id = $1',
      [id],
    );
    expect(rows.map((r) => r.status)).toEqual(['failed']);
  });

  it('pages the delivery log newest first', async () => {
    const manager = await signedIn(org.manager.email);
    const id = (await create(manager, 'https://203.0.113.10/paged')).body.endpoint.id;
    const pings: string[] = [];
    for (let i = 0; i < 5; i++)
      pings.push((await manager.post(`/api/staff/webhooks/${id}/ping`)).body.eventId);
    const first = await manager.get(`/api/staff/webhooks/${id}/deliveries?limit=3`);
    expect(first.body.deliveries.map((d: { eventId: string }) => d.eventId)).toEqual(
      pings.slice(2).reverse(),
    );
    const second = await manager.get(
      `/api/staff/webhooks/${id}/deliveries?limit=3&before=${first.body.nextBefore}`,
    );
    expect(second.body.deliveries.map((d: { eventId: string }) => d.eventId)).toEqual(
      pings.slice(0, 2).reverse(),
    );
    expect(second.body.nextBefore).toBeNull();
    expect(second.body.deliveries[0]).toMatchObject({ type: 'webhook.ping', status: 'pending', attempts: 0 });
  });
});
