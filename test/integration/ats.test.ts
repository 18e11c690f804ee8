/**
 * Applicant tracking systems end to end, with each vendor's published request shapes sent as the
 * vendor sends them:
 * - Greenhouse's Assessment Partner API (list_tests, send_test, test_status, response_error) with
 *   an organisation's API token as the Basic-auth key;
 * - Lever's signed candidateStageChange webhook, answered by reading the opportunity from a
 *   recorded Lever API on loopback and, once graded, posting a note there (retried while it is down);
 * - the generic inbound endpoint, signed per Standard Webhooks with the key Gauntlet made.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { leverSignature } from '../../server/ats/lever.ts';
import { startAtsResultPoster } from '../../server/ats/results.ts';
import { loadCatalogue } from '../../server/challenges/load.ts';
import { configWith } from '../../server/config.ts';
import type { AppDeps } from '../../server/deps.ts';
import { recordingQueue } from '../support/app.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import {
  createOrganisation,
  PASSWORD,
  storeSubmission,
  type TestOrganisation,
} from '../support/factories.ts';
import { Client, listen } from '../support/http.ts';

const PUBLIC_URL = 'https://hire.example.com';
const SLUG = 'terraform-refactor';

let database: TestDatabase;
let deps: AppDeps;
let server: Awaited<ReturnType<typeof listen>>;
let org: TestOrganisation;
let other: TestOrganisation;
let manager: Client;
let greenhouseKey: string;

/** A recorded Lever API on loopback: answers the opportunity, records notes, can be made to fail. */
const lever = {
  server: undefined as Server | undefined,
  url: '',
  failing: false,
  requests: [] as { method: string; url: string; authorization: string; body: string }[],
  opportunities: new Map<string, { id: string; name: string; emails: string[] }>(),
};

beforeAll(async () => {
  database = await createTestDatabase();
  deps = {
    config: configWith({
      SESSION_SECRET: 'test-secret-test-secret',
      PUBLIC_URL,
      WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
    }),
    db: database.db,
    catalogue: await loadCatalogue(),
    queue: recordingQueue(),
  };
  server = await listen(createApp(deps, { clientDist: '/nonexistent' }));
  org = await createOrganisation(database.db, [SLUG]);
  other = await createOrganisation(database.db, [SLUG]);
  manager = new Client(server.baseUrl);
  expect(
    (await manager.post('/api/staff/sign-in', { email: org.manager.email, password: PASSWORD })).status,
  ).toBe(200);
  const token = await manager.post('/api/staff/api-tokens', {
    name: 'Greenhouse',
    scopes: ['write:invitations', 'read:results'],
  });
  expect(token.status).toBe(201);
  greenhouseKey = token.body.secret;

  lever.server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      lever.requests.push({
        method: req.method ?? '',
        url: req.url ?? '',
        authorization: req.headers.authorization ?? '',
        body,
      });
      if (lever.failing) {
        res.writeHead(503, { 'content-type': 'application/json' }).end('{"code":"ServiceUnavailable"}');
        return;
      }
      const opportunity = /^\/v1\/opportunities\/([^/?]+)$/.exec(req.url ?? '');
      if (req.method === 'GET' && opportunity) {
        const found = lever.opportunities.get(decodeURIComponent(opportunity[1] ?? ''));
        res.writeHead(found ? 200 : 404, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify(
            found ? { data: { ...found, headline: 'SRE', stage: 'x' } } : { code: 'ResourceNotFound' },
          ),
        );
        return;
      }
      if (req.method === 'POST' && /^\/v1\/opportunities\/[^/]+\/notes/.test(req.url ?? '')) {
        res.writeHead(201, { 'content-type': 'application/json' }).end('{"data":{"noteId":"note-1"}}');
        return;
      }
      res.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => lever.server?.listen(0, '127.0.0.1', resolve));
  lever.url = `http://127.0.0.1:${(lever.server.address() as AddressInfo).port}/v1`;
}, 60_000);

afterAll(async () => {
  await server?.close();
  await new Promise((resolve) => lever.server?.close(resolve));
  await database?.drop();
});

const basic = (key: string) => ({ authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}` });
const greenhouse = (method: string, path: string, body?: unknown, key = greenhouseKey) =>
  new Client(server.baseUrl).request(method, `/api/ats/greenhouse${path}`, body, basic(key));

async function outboxTo(email: string) {
  const { rows } = await database.db.query<{ subject: string }>(
    `select subject from outbox where recipient = $1`,
    [email],
  );
  return rows;
}

describe('Greenhouse, as the Assessment Partner API', () => {
  it('lists the organisation’s assessments as tests, and only its own', async () => {
    const answer = await greenhouse('GET', '/list_tests');
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual([
      { partner_test_id: org.assessmentId, partner_test_name: expect.any(String) },
    ]);
    expect(JSON.stringify(answer.body)).not.toContain(other.assessmentId);
  });

  it('refuses a missing, unknown or revoked key (401) and a key without the scope (403)', async () => {
    const none = await new Client(server.baseUrl).get('/api/ats/greenhouse/list_tests');
    expect([none.status, none.body.error.id]).toEqual([401, 'unauthenticated']);
    const unknown = await greenhouse('GET', '/list_tests', undefined, `gnt_${'A'.repeat(43)}`);
    expect([unknown.status, unknown.body.error.id]).toEqual([401, 'invalid_token']);
    const readOnly = await manager.post('/api/staff/api-tokens', {
      name: 'Read only',
      scopes: ['read:results'],
    });
    const refused = await greenhouse('POST', '/send_test', {}, readOnly.body.secret);
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toContain('write:invitations');
    const revoked = await manager.post('/api/staff/api-tokens', { name: 'Gone', scopes: ['admin'] });
    await manager.post(`/api/staff/api-tokens/${revoked.body.token.id}/revoke`);
    const afterRevoke = await greenhouse('GET', '/list_tests', undefined, revoked.body.secret);
    expect([afterRevoke.status, afterRevoke.body.error.id]).toEqual([401, 'token_revoked']);
  });

  it('sends the test: invites and mails the candidate, answers the same id to a retry, and reports status until complete', async () => {
    // The request as Greenhouse's documentation shows it (a numeric-looking id arrives as a string here).
    const request = {
      partner_test_id: org.assessmentId,
      candidate: {
        first_name: 'Harry',
        last_name: 'Potter',
        resume_url: 'https://hogwarts.example/resume',
        phone_number: '123-456-7890',
        email: 'HPotter@hogwarts.example',
        greenhouse_profile_url: 'https://app.greenhouse.io/people/17681532?application_id=26234709',
      },
      url: 'https://app.greenhouse.io/integrations/partner/complete',
    };
    const sent = await greenhouse('POST', '/send_test', request);
    expect(sent.status).toBe(201);
    const attemptId: string = sent.body.partner_interview_id;
    expect(Object.keys(sent.body)).toEqual(['partner_interview_id']);
    expect(await outboxTo('hpotter@hogwarts.example')).toHaveLength(1);
    const again = await greenhouse('POST', '/send_test', request);
    expect([again.status, again.body.partner_interview_id]).toEqual([200, attemptId]);
    expect(await outboxTo('hpotter@hogwarts.example')).toHaveLength(1);

    const invited = await greenhouse('GET', `/test_status?partner_interview_id=${attemptId}`);
    expect(invited.status).toBe(200);
    expect(invited.body).toMatchObject({
      partner_status: 'invited',
      partner_profile_url: `${PUBLIC_URL}/staff/attempts/${attemptId}`,
    });
    expect(invited.body).not.toHaveProperty('partner_score');

    const checks = deps.catalogue.challenges.get(SLUG)?.manifest.checks ?? [];
    const half = Object.fromEntries(checks.map((c, i) => [c.id, i % 2 === 0 ? 1 : 0]));
    await storeSubmission(
      database.db,
      deps.catalogue,
      attemptId,
      SLUG,
      { scores: half },
      { submitAttempt: true },
    );
    const complete = await greenhouse('GET', `/test_status?partner_interview_id=${attemptId}`);
    const { rows } = await database.db.query<{ score: number }>(
      `select score from gradings where attempt_id = $1 and kind = 'submit'`,
      [attemptId],
    );
    expect(complete.body).toMatchObject({
      partner_status: 'complete',
      partner_score: Math.round(rows[0]?.score ?? -1),
      metadata: expect.objectContaining({ 'Submitted at': expect.any(String) }),
    });
    // Half the checks passed: a percentage strictly between 0 and 100.
    expect(complete.body.partner_score).toBeGreaterThan(1);
    expect(complete.body.partner_score).toBeLessThan(100);
    expect(JSON.stringify(complete.body)).not.toMatch(/evidence of/);

    const { rows: audit } = await database.db.query<{ details: { via: string } }>(
      `select details from audit_log where action = 'invitation.create' and actor_token_id is not null
       and details->>'candidateEmail' = 'hpotter@hogwarts.example'`,
    );
    expect(audit.map((a) => a.details.via)).toEqual(['greenhouse']);
  });

  it('knows nothing of another organisation’s test or attempt (404), and says what a bad request lacks', async () => {
    const foreign = await greenhouse('POST', '/send_test', {
      partner_test_id: other.assessmentId,
      candidate: { first_name: 'A', last_name: 'B', email: 'ab@example.com' },
    });
    expect([foreign.status, foreign.body.error.id]).toEqual([404, 'not_found']);
    const otherAttempt = (
      await database.db.query<{ id: string }>('select id from attempts where organisation_id = $1 limit 1', [
        other.organisationId,
      ])
    ).rows[0];
    if (otherAttempt) {
      const status = await greenhouse('GET', `/test_status?partner_interview_id=${otherAttempt.id}`);
      expect(status.status).toBe(404);
    }
    const missing = await greenhouse('GET', '/test_status');
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toContain('partner_interview_id');
    const noEmail = await greenhouse('POST', '/send_test', {
      partner_test_id: org.assessmentId,
      candidate: {},
    });
    expect(noEmail.status).toBe(400);
    expect(noEmail.body.error.message).toContain('candidate.email');
  });

  it('keeps what Greenhouse reports about our answers in the audit log', async () => {
    const reported = await greenhouse('POST', '/response_error', {
      api_call: 'test_status',
      errors: ['partner_profile_url is not a valid URL'],
      partner_interview_id: 'x',
    });
    expect(reported.status).toBe(200);
    const { rows } = await database.db.query<{ details: { errors: string[] } }>(
      `select details from audit_log where action = 'ats.response_error' and organisation_id = $1`,
      [org.organisationId],
    );
    expect(rows.at(-1)?.details.errors).toEqual(['partner_profile_url is not a valid URL']);
  });
});

describe('Lever, through its stage-change webhook', () => {
  let connectionId: string;
  const signatureToken = 'lever-webhook-signature-token';

  const message = (
    opportunityId: string,
    toStageId: string,
    triggeredAt = Date.now(),
    token = crypto.randomUUID(),
  ) => ({
    triggeredAt,
    event: 'candidateStageChange',
    token,
    signature: leverSignature(signatureToken, token, triggeredAt),
    data: {
      candidateId: opportunityId,
      contactId: 'c-1',
      opportunityId,
      toStageId,
      fromStageId: 'stage-phone-screen',
    },
  });
  const post = (body: unknown) => new Client(server.baseUrl).post(`/api/ats/lever/${connectionId}`, body);

  beforeAll(async () => {
    const created = await manager.post('/api/staff/ats-connections', {
      kind: 'lever',
      name: 'Lever',
      assessmentId: org.assessmentId,
      stageId: 'stage-assessment',
      apiUrl: lever.url,
      signatureToken,
      apiKey: 'lever-api-key-1234',
    });
    expect(created.status).toBe(201);
    expect(created.body).not.toHaveProperty('secret');
    connectionId = created.body.connection.id;
    lever.opportunities.set('opp-1', {
      id: 'opp-1',
      name: 'Ada Lovelace',
      emails: ['ada@analytical.example'],
    });
  });

  it('never shows the connection’s secrets again, and stores them sealed', async () => {
    const listed = await manager.get('/api/staff/ats-connections');
    const text = JSON.stringify(listed.body);
    expect(text).toContain(connectionId);
    expect(text).not.toContain(signatureToken);
    expect(text).not.toContain('lever-api-key-1234');
    const { rows } = await database.db.query<{ secret: string }>(
      'select secret_sealed as secret from ats_connections where id = $1',
      [connectionId],
    );
    expect(rows[0]?.secret).not.toContain(signatureToken);
    expect(rows[0]?.secret.startsWith('v1.')).toBe(true);
  });

  it('invites the opportunity’s candidate on a move to the stage, once per message', async () => {
    const moved = message('opp-1', 'stage-assessment');
    const first = await post(moved);
    expect(first.status).toBe(201);
    const read = lever.requests.find((r) => r.method === 'GET' && r.url === '/v1/opportunities/opp-1');
    expect(read?.authorization).toBe(`Basic ${Buffer.from('lever-api-key-1234:').toString('base64')}`);
    expect(await outboxTo('ada@analytical.example')).toHaveLength(1);
    const repeat = await post(moved);
    expect([repeat.status, repeat.body.attemptId]).toEqual([200, first.body.attemptId]);
    expect(await outboxTo('ada@analytical.example')).toHaveLength(1);
  });

  it('refuses a forged, altered or stale message, and ignores other stages and events', async () => {
    const forged = { ...message('opp-1', 'stage-assessment'), signature: 'ab'.repeat(32) };
    expect((await post(forged)).body.error.id).toBe('invalid_signature');
    const altered = message('opp-1', 'stage-assessment');
    expect((await post({ ...altered, triggeredAt: altered.triggeredAt + 1 })).status).toBe(401);
    const stale = message('opp-1', 'stage-assessment', Date.now() - 2 * 24 * 3600_000);
    expect((await post(stale)).status).toBe(401);
    const elsewhere = await post(message('opp-1', 'stage-onsite'));
    expect([elsewhere.status, elsewhere.body.invited]).toEqual([200, false]);
    expect((await post({ hello: 'world' })).status).toBe(400);
  });

  it('answers 502 when Lever cannot say who the candidate is, inviting nobody (Lever retries)', async () => {
    const unknown = await post(message('opp-missing', 'stage-assessment'));
    expect([unknown.status, unknown.body.error.id]).toEqual([502, 'ats_unreachable']);
  });

  it('posts the scores as a note once graded, retrying while Lever is down', async () => {
    lever.opportunities.set('opp-2', { id: 'opp-2', name: 'Grace Hopper', emails: ['grace@navy.example'] });
    const invited = await post(message('opp-2', 'stage-assessment'));
    const attemptId: string = invited.body.attemptId;
    const checks = deps.catalogue.challenges.get(SLUG)?.manifest.checks ?? [];
    const all = Object.fromEntries(checks.map((c) => [c.id, 1]));
    await storeSubmission(
      database.db,
      deps.catalogue,
      attemptId,
      SLUG,
      { scores: all },
      { submitAttempt: true },
    );

    let clock = Date.now();
    const poster = startAtsResultPoster({
      config: deps.config,
      db: database.db,
      catalogue: deps.catalogue,
      now: () => new Date(clock),
      pumpMs: 3_600_000,
      retryBaseMs: 1_000,
    });
    try {
      lever.failing = true;
      await poster.pump();
      const notes = () =>
        lever.requests.filter(
          (r) => r.method === 'POST' && r.url.startsWith('/v1/opportunities/opp-2/notes'),
        );
      expect(notes()).toHaveLength(1);
      const { rows: pending } = await database.db.query<{
        status: string;
        attempts: number;
        lastError: string;
      }>(`select status, attempts, last_error as "lastError" from ats_results where attempt_id = $1`, [
        attemptId,
      ]);
      expect(pending[0]).toMatchObject({ status: 'pending', attempts: 1 });
      expect(pending[0]?.lastError).toContain('503');
      lever.failing = false;
      clock += 5 * 60_000;
      await poster.pump();
      expect(notes()).toHaveLength(2);
      const note = JSON.parse(notes()[1]?.body ?? '{}') as { value: string };
      expect(note.value).toContain('Gauntlet:');
      expect(note.value).toContain('100 %');
      expect(note.value).toContain(`${PUBLIC_URL}/staff/attempts/${attemptId}`);
      clock += 60 * 60_000;
      await poster.pump();
      expect(notes()).toHaveLength(2);
    } finally {
      await poster.stop();
    }
  });
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
    expect(await outboxTo('linus@kernel.example')).toHaveLength(1);
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
    expect(await outboxTo('eve@example.com')).toHaveLength(0);
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
