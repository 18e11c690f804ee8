/**
 * Any other ATS through the generic inbound endpoint, signed per Standard Webhooks with the key
 * Gauntlet made; and who may manage ATS connections.
 */
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AtsApp, outboxTo, PUBLIC_URL, startAtsApp } from '../support/ats-app.ts';
import { PASSWORD } from '../support/factories.ts';
import { Client } from '../support/http.ts';

let ats: AtsApp;
let database: AtsApp['database'];
let server: AtsApp['server'];
let org: AtsApp['org'];
let other: AtsApp['other'];
let manager: AtsApp['manager'];

beforeAll(async () => {
  ats = await startAtsApp();
  ({ database, server, org, other, manager } = ats);
}, 60_000);
afterAll(async () => {
  await ats?.close();
});

describe('any other ATS, through the generic signed endpoint', () => {
  let connectionId: string;
  let secret: string;
  const post = (body: string, headers: Record<string, string>) =>
    new Client(server.baseUrl).request('POST', `/api/ats/inbound/${connectionId}`, body, headers);
  const signed = (body: string, id = `msg_${crypto.randomUUID()}`, key = secret) => {
    const at = new Date();
    return {
      'webhook-id': id,
      'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
      'webhook-signature': new Webhook(key).sign(id, at, body),
    };
  };

  beforeAll(async () => {
    const created = await manager.post('/api/staff/ats-connections', {
      kind: 'generic',
      name: 'Workable',
      assessmentId: org.assessmentId,
    });
    expect(created.status).toBe(201);
    secret = created.body.secret;
    expect(secret).toMatch(/^whsec_/);
    connectionId = created.body.connection.id;
    expect(created.body.connection.inboundUrl).toBe(`${PUBLIC_URL}/api/ats/inbound/${connectionId}`);
  });

  it('invites on a signed message, once per message id', async () => {
    const body = JSON.stringify({
      candidate: { name: 'Linus T', email: 'linus@kernel.example' },
      externalId: 'app-77',
    });
    const headers = signed(body);
    const first = await post(body, headers);
    expect(first.status).toBe(201);
    const again = await post(body, headers);
    expect([again.status, again.body.attemptId]).toEqual([200, first.body.attemptId]);
    expect(await outboxTo(database.db, 'linus@kernel.example')).toHaveLength(1);
  });

  it('refuses another key, a changed body and a missing signature', async () => {
    const body = JSON.stringify({
      candidate: { name: 'Eve', email: 'eve@example.com' },
      externalId: 'app-78',
    });
    const other = `whsec_${Buffer.from('x'.repeat(32)).toString('base64')}`;
    expect((await post(body, signed(body, undefined, other))).status).toBe(401);
    const headers = signed(body);
    expect((await post(body.replace('Eve', 'Mallory'), headers)).status).toBe(401);
    expect((await post(body, {})).body.error.id).toBe('invalid_signature');
    expect(await outboxTo(database.db, 'eve@example.com')).toHaveLength(0);
  });

  it('names what a signed but wrong message lacks', async () => {
    const body = JSON.stringify({ candidate: { name: 'No Mail' }, externalId: 'app-79' });
    const answer = await post(body, signed(body));
    expect(answer.status).toBe(400);
    expect(answer.body.error.message).toContain('candidate.email');
  });
});

describe('connections are the managers’', () => {
  it('refuses an interviewer (403) and another organisation’s manager (404 on delete)', async () => {
    const interviewer = new Client(server.baseUrl);
    await interviewer.post('/api/staff/sign-in', { email: org.interviewer.email, password: PASSWORD });
    expect((await interviewer.get('/api/staff/ats-connections')).status).toBe(403);
    const created = await manager.post('/api/staff/ats-connections', {
      kind: 'generic',
      name: 'X',
      assessmentId: org.assessmentId,
    });
    const stranger = new Client(server.baseUrl);
    await stranger.post('/api/staff/sign-in', { email: other.manager.email, password: PASSWORD });
    expect(
      (await stranger.request('DELETE', `/api/staff/ats-connections/${created.body.connection.id}`)).status,
    ).toBe(404);
    expect(
      (
        await stranger.post('/api/staff/ats-connections', {
          kind: 'generic',
          name: 'X',
          assessmentId: org.assessmentId,
        })
      ).status,
    ).toBe(404);
    expect(
      (await manager.request('DELETE', `/api/staff/ats-connections/${created.body.connection.id}`)).status,
    ).toBe(204);
  });

  it('refuses a Lever API at a metadata address', async () => {
    const refused = await manager.post('/api/staff/ats-connections', {
      kind: 'lever',
      name: 'Lever',
      assessmentId: org.assessmentId,
      stageId: 's',
      apiUrl: 'http://169.254.169.254/latest',
      signatureToken: 'tokentoken',
      apiKey: 'keykeykey',
    });
    expect(refused.status).toBe(400);
  });
});
