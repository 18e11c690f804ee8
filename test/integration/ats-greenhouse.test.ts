/**
 * Greenhouse's Assessment Partner API (list_tests, send_test, test_status, response_error), sent as
 * Greenhouse sends it, with an organisation's API token as the Basic-auth key.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AtsApp, outboxTo, PUBLIC_URL, SLUG, startAtsApp } from '../support/ats-app.ts';
import { storeSubmission } from '../support/factories.ts';
import { Client } from '../support/http.ts';

let ats: AtsApp;
let database: AtsApp['database'];
let deps: AtsApp['deps'];
let server: AtsApp['server'];
let org: AtsApp['org'];
let other: AtsApp['other'];
let manager: AtsApp['manager'];
let greenhouseKey: string;

beforeAll(async () => {
  ats = await startAtsApp();
  ({ database, deps, server, org, other, manager } = ats);
  const token = await manager.post('/api/staff/api-tokens', {
    name: 'Greenhouse',
    scopes: ['write:invitations', 'read:results'],
  });
  expect(token.status).toBe(201);
  greenhouseKey = token.body.secret;
}, 60_000);
afterAll(async () => {
  await ats?.close();
});

const basic = (key: string) => ({ authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}` });
const greenhouse = (method: string, path: string, body?: unknown, key = greenhouseKey) =>
  new Client(server.baseUrl).request(method, `/api/ats/greenhouse${path}`, body, basic(key));

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
    expect(await outboxTo(database.db, 'hpotter@hogwarts.example')).toHaveLength(1);
    const again = await greenhouse('POST', '/send_test', request);
    expect([again.status, again.body.partner_interview_id]).toEqual([200, attemptId]);
    expect(await outboxTo(database.db, 'hpotter@hogwarts.example')).toHaveLength(1);

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
