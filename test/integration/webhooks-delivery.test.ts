/**
 * Webhook delivery end to end: events produced by the real routes and commands, delivered by the
 * real pg-boss dispatcher to a real receiver on loopback that verifies the Standard Webhooks
 * signature as a customer would; outages, redelivery, the time-out sweep, and the 24-hour window
 * measured on a clock the test moves.
 */
import type { PgBoss } from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { loadCatalogue } from '../../server/challenges/load.ts';
import { finalizeOverdueAttempts } from '../../server/commands/finalize-expired.ts';
import { configWith } from '../../server/config.ts';
import { WEBHOOK_EVENT_TYPES } from '../../server/contract/webhooks.ts';
import type { AppDeps } from '../../server/deps.ts';
import { startBoss } from '../../server/grading/queue.ts';
import { assessedDimensions } from '../../server/scoring/auto-scores.ts';
import { recordGrading } from '../../server/scoring/record.ts';
import { startWebhookDispatcher } from '../../server/webhooks/dispatcher.ts';
import { recordingQueue } from '../support/app.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { createOrganisation, PASSWORD, type TestOrganisation } from '../support/factories.ts';
import { Client, listen } from '../support/http.ts';
import { waitFor, webhookReceiver } from '../support/webhook-receiver.ts';

const PUBLIC_URL = 'https://hire.example.com';
const SLUGS = ['terraform-refactor', 'k8s-crashloop-rollback'];

let database: TestDatabase;
let boss: PgBoss;
let deps: AppDeps;
let server: Awaited<ReturnType<typeof listen>>;
let dispatcher: Awaited<ReturnType<typeof startWebhookDispatcher>>;
const queue = recordingQueue();
const receiver = webhookReceiver();
/** The dispatcher's clock runs this far ahead of the wall clock. */
let clockOffsetMs = 0;

beforeAll(async () => {
  database = await createTestDatabase();
  boss = await startBoss(database.url);
  await receiver.start();
  deps = {
    config: configWith({
      SESSION_SECRET: 'test-secret-test-secret',
      PUBLIC_URL,
      WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
    }),
    db: database.db,
    catalogue: await loadCatalogue(),
    queue,
  };
  server = await listen(createApp(deps, { clientDist: '/nonexistent' }));
  dispatcher = await startWebhookDispatcher({
    config: deps.config,
    db: database.db,
    boss,
    now: () => new Date(Date.now() + clockOffsetMs),
    pumpMs: 100,
    retryBaseMs: 150,
    timeoutMs: 1_500,
  });
}, 60_000);

afterAll(async () => {
  await dispatcher?.stop();
  await server?.close();
  await boss?.stop({ graceful: false, timeout: 1000 });
  await receiver.stop();
  await database?.drop();
});

async function signedIn(email: string) {
  const client = new Client(server.baseUrl);
  expect((await client.post('/api/staff/sign-in', { email, password: PASSWORD })).status).toBe(200);
  return client;
}

/** An organisation with an endpoint (made through the API) subscribed to every event type. */
async function organisationWithEndpoint(eventTypes: readonly string[] = WEBHOOK_EVENT_TYPES) {
  const org = await createOrganisation(database.db, SLUGS);
  const manager = await signedIn(org.manager.email);
  const created = await manager.post('/api/staff/webhooks', {
    url: receiver.url(`/hook/${org.organisationId}`),
    description: 'ATS',
    eventTypes,
  });
  expect(created.status).toBe(201);
  receiver.trust(created.body.secret);
  return {
    org,
    manager,
    endpointId: created.body.endpoint.id as string,
    secret: created.body.secret as string,
  };
}

/** Invites a candidate through the API and enters their link: the candidate's own client. */
async function invite(org: TestOrganisation, manager: Client) {
  const candidateEmail = `c-${Math.random().toString(36).slice(2)}@example.com`;
  const reply = await manager.post(`/api/staff/assessments/${org.assessmentId}/invitations`, {
    candidateName: 'Grace Hopper',
    candidateEmail,
  });
  expect(reply.status).toBe(201);
  const token = String(reply.body.invitations[0].link).split('/').at(-1);
  const candidate = new Client(server.baseUrl);
  expect((await candidate.post('/api/candidate/enter', { token })).status).toBe(204);
  const { rows } = await database.db.query<{ id: string }>(
    'select t.id from attempts t join invitations i on i.id = t.invitation_id where i.candidate_email = $1',
    [candidateEmail],
  );
  return { candidate, attemptId: rows[0]?.id ?? '' };
}

const eventIdsOf = async (organisationId: string) =>
  (
    await database.db.query<{ id: string }>('select id from webhook_events where organisation_id = $1', [
      organisationId,
    ])
  ).rows.map((r) => r.id);

describe('webhook delivery', () => {
  it('delivers every event type, produced by the real routes and commands, signed so the receiver verifies it', async () => {
    const { org, manager } = await organisationWithEndpoint();
    const { candidate, attemptId } = await invite(org, manager);
    expect((await candidate.post('/api/candidate/attempt/start')).status).toBe(200);
    for (const slug of SLUGS) {
      const submit = await candidate.post(`/api/candidate/attempt/challenges/${slug}/gradings`, {
        kind: 'submit',
      });
      expect(submit.status).toBe(202);
      // The worker's own command stores the outcome, with hidden checks whose text must not leak.
      const manifest = deps.catalogue.challenges.get(slug)?.manifest;
      const checks = (manifest?.checks ?? []).map((c) => ({
        ...c,
        passed: true,
        score: 1,
        message: `HIDDEN-MESSAGE-${c.id}`,
        evidence: [`HIDDEN-EVIDENCE-${c.id}`],
      }));
      await recordGrading(
        database.db,
        { id: submit.body.id, attemptId, kind: 'submit' },
        { kind: 'judged', checks, diagnostics: [], score: 1, wallMs: 3 },
      );
    }
    const dimensions = assessedDimensions(
      deps.catalogue,
      SLUGS,
      deps.catalogue.rubric.dimensions.map((d) => d.id),
    );
    const review = await manager.post(`/api/staff/attempts/${attemptId}/review`, {
      ratings: Object.fromEntries(dimensions.map((d) => [d, { rating: 3, notes: 'solid' }])),
      recommendation: 'yes',
      summary: 'Good work.',
    });
    expect(review.status).toBe(201);

    const got = await waitFor('all five event types', () => {
      const mine = receiver.state.requests.filter((r) => r.payload?.data?.attempt?.id === attemptId);
      const types = new Set(mine.map((r) => r.type));
      return WEBHOOK_EVENT_TYPES.every((t) => types.has(t)) ? mine : undefined;
    });
    expect(got.map((r) => r.type).sort()).toEqual([...WEBHOOK_EVENT_TYPES].sort());
    for (const r of got) {
      expect(r.verified, `${r.type} verifies`).toBe(true);
      expect(r.payload.id).toBe(r.id);
      expect(r.payload.version).toBe(1);
      expect(r.payload.data.links.attempt).toBe(`${PUBLIC_URL}/staff/attempts/${attemptId}`);
      expect(r.body).not.toMatch(/HIDDEN|solution|evidence|checks/);
      expect(r.headers['content-type']).toBe('application/json');
    }
    const byType = Object.fromEntries(got.map((r) => [r.type, r.payload.data]));
    expect(byType['attempt.started'].attempt.startedAt).toEqual(expect.any(String));
    expect(byType['attempt.submitted'].timedOut).toBe(false);
    expect(byType['attempt.graded'].submissions.map((s: { status: string }) => s.status)).toEqual([
      'done',
      'done',
    ]);
    expect(byType['review.submitted'].review.recommendation).toBe('yes');
    expect(byType['invitation.created'].candidate.name).toBe('Grace Hopper');
  });

  it('an endpoint receives only the event types it subscribed to, and nothing of another organisation', async () => {
    const a = await organisationWithEndpoint(['attempt.started']);
    const b = await organisationWithEndpoint(['invitation.created']);
    const { candidate, attemptId } = await invite(a.org, a.manager);
    await candidate.post('/api/candidate/attempt/start');
    await waitFor('the start', () =>
      receiver.state.requests.some(
        (r) => r.payload?.data?.attempt?.id === attemptId && r.type === 'attempt.started',
      ),
    );
    // A moment later nothing else of organisation A arrived, at A's endpoint or at B's.
    await new Promise((r) => setTimeout(r, 600));
    const forA = receiver.state.requests.filter((r) => r.payload?.data?.attempt?.id === attemptId);
    expect(forA.map((r) => r.type)).toEqual(['attempt.started']);
    expect(
      receiver.state.requests.filter(
        (r) => r.body.includes(a.org.organisationId) || r.body.includes(attemptId),
      ).length,
    ).toBe(1);
    expect(b.endpointId).not.toBe(a.endpointId);
  });

  it('a receiver that fails, then goes down, then recovers gets every event, each id acknowledged once', async () => {
    const { org, manager, endpointId } = await organisationWithEndpoint(['invitation.created']);
    receiver.state.mode = 'fail';
    for (let i = 0; i < 4; i++) await invite(org, manager);
    const ids = await eventIdsOf(org.organisationId);
    expect(ids).toHaveLength(4);
    const failedTries = (id: string) =>
      receiver.state.requests.filter((r) => r.id === id && r.answered === 500).length;
    await waitFor('two failed tries of each event', () => ids.every((id) => failedTries(id) >= 2));
    await receiver.stop();
    const triesWhileUp = receiver.state.requests.length;
    // Down: refused connections are failed tries too.
    await waitFor('tries against the stopped receiver', async () => {
      const { rows } = await database.db.query<{ n: number }>(
        `select count(*)::int as n from webhook_deliveries where endpoint_id = $1 and last_error like '%ECONNREFUSED%'`,
        [endpointId],
      );
      return (rows[0]?.n ?? 0) >= 2;
    });
    expect(receiver.state.requests.length).toBe(triesWhileUp);
    receiver.state.mode = 'ok';
    await receiver.start();
    await waitFor('every event delivered', async () => {
      const { rows } = await database.db.query<{ status: string }>(
        'select status from webhook_deliveries where endpoint_id = $1',
        [endpointId],
      );
      return rows.length === 4 && rows.every((r) => r.status === 'delivered');
    });
    // Some more pumps: nothing is sent again.
    await new Promise((r) => setTimeout(r, 600));
    for (const id of ids) expect(receiver.state.acknowledged.get(id), id).toBe(1);
    for (const r of receiver.state.requests.filter((x) => ids.includes(x.id))) expect(r.verified).toBe(true);
    const log = await manager.get(`/api/staff/webhooks/${endpointId}/deliveries`);
    expect(log.body.deliveries).toHaveLength(4);
    for (const d of log.body.deliveries) {
      expect(d).toMatchObject({
        status: 'delivered',
        lastStatusCode: 200,
        responseExcerpt: 'thanks',
        lastError: null,
      });
      expect(d.attempts).toBeGreaterThanOrEqual(4);
    }
  });

  it('redelivery sends the same event again with the same webhook-id, as a new entry in the log', async () => {
    const { org, manager, endpointId } = await organisationWithEndpoint(['invitation.created']);
    await invite(org, manager);
    const [eventId] = await eventIdsOf(org.organisationId);
    await waitFor('the first delivery', () => receiver.state.acknowledged.get(eventId ?? '') === 1);
    const log = await manager.get(`/api/staff/webhooks/${endpointId}/deliveries`);
    const redeliver = await manager.post(
      `/api/staff/webhooks/${endpointId}/deliveries/${log.body.deliveries[0].id}/redeliver`,
    );
    expect(redeliver.status).toBe(202);
    await waitFor('the redelivery', () => receiver.state.acknowledged.get(eventId ?? '') === 2);
    const both = receiver.state.requests.filter((r) => r.id === eventId);
    expect(both).toHaveLength(2);
    expect(both[1]?.body).toBe(both[0]?.body);
    expect(both.every((r) => r.verified)).toBe(true);
    const after = await manager.get(`/api/staff/webhooks/${endpointId}/deliveries`);
    expect(
      after.body.deliveries.map((d: { manual: boolean; eventId: string }) => [d.manual, d.eventId]),
    ).toEqual([
      [true, eventId],
      [false, eventId],
    ]);
  });

  it('the time-out sweep produces attempt.submitted for an expired attempt nobody opened again', async () => {
    const { org, manager } = await organisationWithEndpoint(['attempt.submitted']);
    const { candidate, attemptId } = await invite(org, manager);
    await candidate.post('/api/candidate/attempt/start');
    // The candidate left; their time ran out an hour ago.
    await database.db.query(
      `update attempts set started_at = now() - interval '3 hours', deadline_at = now() - interval '1 hour' where id = $1`,
      [attemptId],
    );
    const errors: unknown[] = [];
    expect(await finalizeOverdueAttempts(deps, (_id, e) => errors.push(e))).toBeGreaterThanOrEqual(1);
    expect(errors).toEqual([]);
    const submitted = await waitFor('attempt.submitted', () =>
      receiver.of('attempt.submitted').find((r) => r.payload.data.attempt.id === attemptId),
    );
    expect(submitted.verified).toBe(true);
    expect(submitted.payload.data.timedOut).toBe(true);
    expect(submitted.payload.data.attempt.submittedAt).toEqual(expect.any(String));
  });

  it("a receiver that hangs or fails never changes what the candidate's requests answer, nor how fast", async () => {
    const { org, manager } = await organisationWithEndpoint();
    receiver.state.mode = 'hang';
    try {
      const { candidate, attemptId } = await invite(org, manager);
      const started = Date.now();
      const start = await candidate.post('/api/candidate/attempt/start');
      const submit = await candidate.post(`/api/candidate/attempt/challenges/${SLUGS[0]}/gradings`, {
        kind: 'submit',
      });
      const last = await candidate.post(`/api/candidate/attempt/challenges/${SLUGS[1]}/gradings`, {
        kind: 'submit',
      });
      const took = Date.now() - started;
      expect([start.status, submit.status, last.status]).toEqual([200, 202, 202]);
      // The receiver holds each try for the whole 1.5 s timeout: none of it is the candidate's.
      expect(took).toBeLessThan(1_500);
      await waitFor('a try that timed out', async () => {
        const { rows } = await database.db.query<{ lastError: string | null }>(
          `select d.last_error as "lastError" from webhook_deliveries d join webhook_events v on v.id = d.event_id
           where v.subject_id = $1 and v.type = 'attempt.started'`,
          [attemptId],
        );
        return rows[0]?.lastError?.includes('no answer within') ? true : undefined;
      });
      const attempt = await candidate.get('/api/candidate/attempt');
      expect(attempt.status).toBe(200);
      expect(attempt.body.status).toBe('submitted');
    } finally {
      receiver.state.mode = 'ok';
    }
  });

  // Last: it moves the dispatcher's clock a day ahead, which ends every delivery still pending.
  it('retries with backoff until 24 hours after the event, then marks the delivery failed and stops', async () => {
    const { org, manager, endpointId } = await organisationWithEndpoint(['invitation.created']);
    receiver.state.mode = 'fail';
    await invite(org, manager);
    const [eventId] = await eventIdsOf(org.organisationId);
    const tries = () => receiver.state.requests.filter((r) => r.id === eventId).length;
    await waitFor('a few failed tries', () => tries() >= 3);
    const delivery = async () =>
      (
        await database.db.query<{
          status: string;
          attempts: number;
          nextAt: Date;
          giveUpAt: Date;
          createdAt: Date;
        }>(
          `select status, attempts, next_attempt_at as "nextAt", give_up_at as "giveUpAt", created_at as "createdAt"
           from webhook_deliveries where endpoint_id = $1`,
          [endpointId],
        )
      ).rows[0];
    const first = await delivery();
    if (!first) throw new Error('no delivery');
    expect(first.giveUpAt.getTime() - first.createdAt.getTime()).toBe(24 * 3600_000);
    // Almost a day later the receiver still fails: it is still being tried.
    clockOffsetMs = 24 * 3600_000 - 60_000;
    const before = tries();
    await waitFor('a try a minute before the window ends', () => tries() > before);
    expect((await delivery())?.status).toBe('pending');
    // The next try is due no later than the end of the window.
    expect((await delivery())?.nextAt.getTime()).toBeLessThanOrEqual(first.giveUpAt.getTime());
    // Past the window: failed, and never tried again, even once the receiver is back.
    clockOffsetMs = 24 * 3600_000 + 10 * 60_000;
    receiver.state.mode = 'ok';
    await waitFor('the delivery failed', async () => (await delivery())?.status === 'failed');
    const final = tries();
    await new Promise((r) => setTimeout(r, 800));
    expect(tries()).toBe(final);
    expect(receiver.state.acknowledged.get(eventId ?? '')).toBeUndefined();
    const log = await manager.get(`/api/staff/webhooks/${endpointId}/deliveries`);
    expect(log.body.deliveries[0]).toMatchObject({
      status: 'failed',
      lastStatusCode: 500,
      nextAttemptAt: null,
    });
    expect(log.body.deliveries[0].lastError).toMatch(/gave up after 24 hours/);
  });
});
