/**
 * Lever's signed candidateStageChange webhook, answered by reading the opportunity from a recorded
 * Lever API on loopback and, once graded, posting a note there (retried while it is down).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leverSignature } from '../../server/ats/lever.ts';
import { startAtsResultPoster } from '../../server/ats/results.ts';
import {
  type AtsApp,
  outboxTo,
  PUBLIC_URL,
  type RecordedLever,
  SLUG,
  startAtsApp,
  startRecordedLever,
} from '../support/ats-app.ts';
import { storeSubmission } from '../support/factories.ts';
import { Client } from '../support/http.ts';

let ats: AtsApp;
let database: AtsApp['database'];
let deps: AtsApp['deps'];
let server: AtsApp['server'];
let org: AtsApp['org'];
let manager: AtsApp['manager'];
let lever: RecordedLever;

beforeAll(async () => {
  ats = await startAtsApp();
  ({ database, deps, server, org, manager } = ats);
  lever = await startRecordedLever();
}, 60_000);
afterAll(async () => {
  await lever?.close();
  await ats?.close();
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
    expect(await outboxTo(database.db, 'ada@analytical.example')).toHaveLength(1);
    const repeat = await post(moved);
    expect([repeat.status, repeat.body.attemptId]).toEqual([200, first.body.attemptId]);
    expect(await outboxTo(database.db, 'ada@analytical.example')).toHaveLength(1);
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
