import { randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { EVENT_LIMITS } from '../../server/contract/events.ts';
import { listEvents } from '../../server/queries/events.ts';
import { recordingQueue, setUpTestApp } from '../support/app.ts';
import { createInvitation, createOrganisation, type TestOrganisation } from '../support/factories.ts';
import { captureOf, insert } from '../support/replay.ts';

let org: TestOrganisation;
const SLUG = 'terraform-refactor';
const EVENTS = '/api/candidate/attempt/events';

const t = setUpTestApp(recordingQueue());
beforeAll(async () => {
  org = await createOrganisation(t.database.db);
});

async function startedCandidate(options: { start?: boolean } = {}) {
  const invitation = await createInvitation(t.database.db, org);
  const client = t.app.client();
  expect((await client.post('/api/candidate/enter', { token: invitation.token })).status).toBe(204);
  if (options.start !== false) expect((await client.post('/api/candidate/attempt/start')).status).toBe(200);
  return { client, ...invitation };
}

describe('recording a batch of events', () => {
  it('stores events with gapless per-attempt sequence numbers and server timestamps', async () => {
    const { client, attemptId } = await startedCandidate();
    const capture = captureOf(SLUG);
    const before = Date.now();
    const first = await client.post(
      EVENTS,
      capture.batch([capture.event('focus', {}), capture.event('edit', insert('main.tf', 0, '# hi\n'))]),
    );
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ stored: true, firstSeq: 1, eventCount: 2 });
    const second = await client.post(EVENTS, capture.batch([capture.event('blur', {})]));
    expect(second.body).toEqual({ stored: true, firstSeq: 3, eventCount: 1 });
    const events = await listEvents(t.database.db, attemptId);
    expect(events.map((e) => [e.seq, e.kind])).toEqual([
      [1, 'focus'],
      [2, 'edit'],
      [3, 'blur'],
    ]);
    for (const event of events) {
      expect(event.at.getTime()).toBeGreaterThan(before - 11_000);
      expect(event.at.getTime()).toBeLessThanOrEqual(Date.now() + 1000);
    }
    expect(events[0]!.at.getTime()).toBeLessThanOrEqual(events[2]!.at.getTime());
  });

  it('stores a retried batch once and answers the retry as it answered the first time', async () => {
    const { client, attemptId } = await startedCandidate();
    const capture = captureOf(SLUG);
    const batch = capture.batch([capture.event('edit', insert('main.tf', 0, 'x'))]);
    const replies = await Promise.all([client.post(EVENTS, batch), client.post(EVENTS, batch)]);
    const again = await client.post(EVENTS, batch);
    expect(replies.map((r) => r.status)).toEqual([200, 200]);
    expect(replies.map((r) => r.body.stored).sort()).toEqual([false, true]);
    expect(again.body).toEqual({ stored: false, firstSeq: 1, eventCount: 1 });
    expect(await listEvents(t.database.db, attemptId)).toHaveLength(1);
  });

  it("orders a batch's events by the page's offsets", async () => {
    const { client, attemptId } = await startedCandidate();
    const batch = {
      batchId: randomUUID(),
      captureId: randomUUID(),
      batchNo: 0,
      events: [
        { offsetMs: 900, challengeSlug: SLUG, kind: 'blur', payload: {} },
        { offsetMs: 100, challengeSlug: SLUG, kind: 'focus', payload: {} },
      ],
    };
    expect((await client.post(EVENTS, batch)).status).toBe(200);
    const events = await listEvents(t.database.db, attemptId);
    expect(events.map((e) => e.kind)).toEqual(['focus', 'blur']);
    expect(events[1]!.at.getTime() - events[0]!.at.getTime()).toBe(800);
  });

  it("refuses a capture's batch that arrives before an earlier one, and takes it once the gap is filled", async () => {
    const { client, attemptId } = await startedCandidate();
    const capture = captureOf(SLUG);
    const b0 = capture.batch([capture.event('edit', insert('main.tf', 0, 'a'))]);
    const b1 = capture.batch([capture.event('edit', insert('main.tf', 1, 'b'))]);
    const early = await client.post(EVENTS, b1);
    expect(early.status).toBe(409);
    expect(early.body.error).toEqual({
      id: 'batch_out_of_order',
      message: 'Batch 1 arrived before batch 0 of the same capture; send batch 0 first.',
    });
    expect((await client.post(EVENTS, b0)).status).toBe(200);
    expect((await client.post(EVENTS, b1)).status).toBe(200);
    const reused = await client.post(EVENTS, { ...b1, batchId: randomUUID() });
    expect(reused.status).toBe(409);
    expect(reused.body.error.id).toBe('batch_reused');
    expect((await listEvents(t.database.db, attemptId)).map((e) => e.payload)).toEqual([
      insert('main.tf', 0, 'a'),
      insert('main.tf', 1, 'b'),
    ]);
  });

  it('keeps sequence numbers unique and gapless under concurrent captures', async () => {
    const { client, attemptId } = await startedCandidate();
    const captures = Array.from({ length: 4 }, () => captureOf(SLUG));
    await Promise.all(
      captures.map(async (capture) => {
        for (let i = 0; i < 5; i += 1) {
          const reply = await client.post(
            EVENTS,
            capture.batch([capture.event('focus', {}), capture.event('blur', {})]),
          );
          expect(reply.status).toBe(200);
        }
      }),
    );
    const events = await listEvents(t.database.db, attemptId);
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
  });
});

describe('what a batch may not do', () => {
  it('refuses kinds only the server records, naming the field', async () => {
    const { client } = await startedCandidate();
    const capture = captureOf(SLUG);
    const batch = capture.batch([
      {
        offsetMs: 1,
        challengeSlug: SLUG,
        kind: 'terminal',
        payload: { stream: 'output', data: 'rm -rf' },
      } as never,
    ]);
    const reply = await client.post(EVENTS, batch);
    expect(reply.status).toBe(400);
    expect(reply.body.error.message).toMatch(/^events\.0\.kind: /);
  });

  it('refuses more events than a batch holds, and more text than it carries', async () => {
    const { client } = await startedCandidate();
    const capture = captureOf(SLUG);
    const many = capture.batch(Array.from({ length: 501 }, () => capture.event('focus', {})));
    const tooMany = await client.post(EVENTS, many);
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.message).toBe('events: a batch holds at most 500 events');
    const big = 'x'.repeat(200 * 1024);
    const heavy = capture.batch(
      Array.from({ length: 6 }, (_, i) => capture.event('file_create', { path: `f${i}.tf`, content: big })),
    );
    const tooHeavy = await client.post(EVENTS, heavy);
    expect(tooHeavy.status).toBe(400);
    expect(tooHeavy.body.error.message).toBe('events: a batch carries at most 1048576 characters of text');
    const oneTooBig = capture.batch([
      capture.event('file_create', { path: 'a.tf', content: 'x'.repeat(257 * 1024) }),
    ]);
    expect((await client.post(EVENTS, oneTooBig)).body.error.message).toMatch(
      /^events\.0\.payload\.content: /,
    );
  });

  it("cannot write into another candidate's attempt: the session picks the attempt, not the body", async () => {
    const victim = await startedCandidate();
    const { client, attemptId } = await startedCandidate();
    const forger = captureOf(SLUG);
    const forged = { ...forger.batch([forger.event('focus', {})]), attemptId: victim.attemptId };
    const reply = await client.post(EVENTS, forged);
    expect(reply.status).toBe(400);
    expect(reply.body.error.message).toMatch(/attemptId/);
    const capture = captureOf(SLUG);
    expect((await client.post(EVENTS, capture.batch([capture.event('blur', {})]))).status).toBe(200);
    expect(await listEvents(t.database.db, victim.attemptId)).toEqual([]);
    expect(await listEvents(t.database.db, attemptId)).toHaveLength(1);
  });

  it('refuses a batch that would take an attempt past its event limit', async () => {
    const { client, attemptId } = await startedCandidate();
    // A log that is nearly full, without writing half a million rows.
    await t.database.db.query(
      `insert into attempt_events (attempt_id, seq, organisation_id, challenge_slug, kind, payload, at)
       values ($1, $2, $3, $4, 'focus', '{}', now())`,
      [attemptId, EVENT_LIMITS.maxEventsPerAttempt - 1, org.organisationId, SLUG],
    );
    const capture = captureOf(SLUG);
    const full = await client.post(
      EVENTS,
      capture.batch([capture.event('focus', {}), capture.event('blur', {})]),
    );
    expect(full.status).toBe(413);
    expect(full.body.error.message).toBe(
      `This attempt's replay is full: it holds at most ${EVENT_LIMITS.maxEventsPerAttempt} events.`,
    );
  });

  it('refuses a path that climbs out of the workspace', async () => {
    const { client } = await startedCandidate();
    const capture = captureOf(SLUG);
    const reply = await client.post(
      EVENTS,
      capture.batch([capture.event('file_delete', { path: '../etc/passwd' })]),
    );
    expect(reply.status).toBe(400);
    expect(reply.body.error.message).toMatch(/^events\.0\.payload\.path: /);
  });

  it('refuses a challenge that is not in the assessment', async () => {
    const { client, attemptId } = await startedCandidate();
    const capture = captureOf('alert-rules');
    const reply = await client.post(EVENTS, capture.batch([capture.event('focus', {})]));
    expect(reply.status).toBe(404);
    expect(reply.body.error.message).toBe('Challenge alert-rules in this assessment was not found.');
    expect(await listEvents(t.database.db, attemptId)).toEqual([]);
  });

  it('refuses events before the start and without a candidate session', async () => {
    const { client } = await startedCandidate({ start: false });
    const capture = captureOf(SLUG);
    const early = await client.post(EVENTS, capture.batch([capture.event('focus', {})]));
    expect(early.status).toBe(409);
    expect(early.body.error.id).toBe('not_started');
    expect((await t.app.client().post(EVENTS, capture.batch([capture.event('focus', {})]))).status).toBe(401);
  });

  it('refuses events after submission with a clear 409, yet answers a retry of a batch stored before', async () => {
    const { client, attemptId } = await startedCandidate();
    const capture = captureOf(SLUG);
    const stored = capture.batch([capture.event('edit', insert('main.tf', 0, 'z'))]);
    expect((await client.post(EVENTS, stored)).status).toBe(200);
    const submit = await client.post(`/api/candidate/attempt/challenges/${SLUG}/gradings`, {
      kind: 'submit',
    });
    expect(submit.status).toBe(202);
    const late = await client.post(EVENTS, capture.batch([capture.event('blur', {})]));
    expect(late.status).toBe(409);
    expect(late.body.error).toEqual({
      id: 'already_submitted',
      message: 'This assessment was already submitted.',
    });
    expect((await client.post(EVENTS, stored)).body).toEqual({ stored: false, firstSeq: 1, eventCount: 1 });
    expect(await listEvents(t.database.db, attemptId)).toHaveLength(1);
  });

  it("refuses events for one challenge once it is submitted while the assessment's others stay open", async () => {
    const twoOrg = await createOrganisation(t.database.db, [SLUG, 'alert-rules']);
    const invitation = await createInvitation(t.database.db, twoOrg);
    const client = t.app.client();
    await client.post('/api/candidate/enter', { token: invitation.token });
    await client.post('/api/candidate/attempt/start');
    await client.post(`/api/candidate/attempt/challenges/${SLUG}/gradings`, { kind: 'submit' });
    const capture = captureOf(SLUG);
    const closed = await client.post(EVENTS, capture.batch([capture.event('focus', {})]));
    expect(closed.status).toBe(409);
    expect(closed.body.error.message).toBe(
      `Challenge ${SLUG} was already submitted; it can no longer change.`,
    );
    const other = captureOf('alert-rules');
    expect((await client.post(EVENTS, other.batch([other.event('focus', {})]))).status).toBe(200);
  });
});
