import { beforeAll, describe, expect, it } from 'vitest';
import { setUpTestApp } from '../support/app.ts';
import {
  createInvitation,
  createOrganisation,
  PASSWORD,
  type TestOrganisation,
} from '../support/factories.ts';

let org: TestOrganisation;
let other: TestOrganisation;

const t = setUpTestApp();
beforeAll(async () => {
  // Both assessments have a 45-minute limit (factories.ts).
  org = await createOrganisation(t.database.db);
  other = await createOrganisation(t.database.db);
});

async function signedIn(email: string) {
  const client = t.app.client();
  expect((await client.post('/api/staff/sign-in', { email, password: PASSWORD })).status).toBe(200);
  return client;
}

const percent = (p: number) => ({ kind: 'percent', percent: p });
const minutes = (m: number) => ({ kind: 'minutes', minutes: m });
const path = (attemptId: string) => `/api/staff/attempts/${attemptId}/accommodation`;

async function startAs(token: string) {
  const candidate = t.app.client();
  expect((await candidate.post('/api/candidate/enter', { token })).status).toBe(204);
  const started = await candidate.post('/api/candidate/attempt/start');
  expect(started.status).toBe(200);
  return { candidate, started: started.body as { startedAt: string; deadlineAt: string } };
}

const minutesBetween = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 60_000;

const auditOf = async (attemptId: string) =>
  (
    await t.database.db.query<{ action: string; actorId: string | null; details: Record<string, unknown> }>(
      `select action, actor_id as "actorId", details from audit_log
       where details->>'attemptId' = $1 order by id`,
      [attemptId],
    )
  ).rows;

describe('accommodations', () => {
  it('gives the candidate +50 % from the start: the deadline and the limit they read', async () => {
    const manager = await signedIn(org.manager.email);
    const { token, attemptId } = await createInvitation(t.database.db, org);
    const set = await manager.put(path(attemptId), { extraTime: percent(50), note: 'Uses a screen reader.' });
    expect(set.status).toBe(200);
    expect(set.body.accommodation).toMatchObject({
      extraPercent: 50,
      extraMinutes: null,
      note: 'Uses a screen reader.',
      timeLimitMinutes: 68,
      credits: [],
    });
    const { candidate, started } = await startAs(token);
    // 45 × 1.5 = 67.5, rounded up.
    expect(minutesBetween(started.startedAt, started.deadlineAt)).toBe(68);
    const seen = await candidate.get('/api/candidate/attempt');
    expect(seen.body.timeLimitMinutes).toBe(68);
    // The reviewers' note is theirs: the candidate's page never carries it.
    expect(JSON.stringify(seen.body)).not.toContain('screen reader');
  });

  it('adds a number of minutes, and none once the accommodation is removed', async () => {
    const manager = await signedIn(org.manager.email);
    const first = await createInvitation(t.database.db, org);
    await manager.put(path(first.attemptId), { extraTime: minutes(20), note: '' });
    const { started } = await startAs(first.token);
    expect(minutesBetween(started.startedAt, started.deadlineAt)).toBe(65);

    const second = await createInvitation(t.database.db, org);
    await manager.put(path(second.attemptId), { extraTime: percent(100), note: 'x' });
    const removed = await manager.put(path(second.attemptId), { extraTime: { kind: 'none' }, note: ' ' });
    expect(removed.body.accommodation).toMatchObject({ extraPercent: null, note: '', setAt: null });
    const plain = await startAs(second.token);
    expect(minutesBetween(plain.started.startedAt, plain.started.deadlineAt)).toBe(45);
  });

  it('is refused once the attempt has started (409, naming why), and changes nothing', async () => {
    const manager = await signedIn(org.manager.email);
    const { token, attemptId } = await createInvitation(t.database.db, org);
    const { started } = await startAs(token);
    const refused = await manager.put(path(attemptId), { extraTime: percent(100), note: '' });
    expect(refused.status).toBe(409);
    expect(refused.body.error.id).toBe('attempt_started');
    expect(refused.body.error.message).toMatch(/already started.*extend the deadline instead/);
    const read = await manager.get(path(attemptId));
    expect(read.body.accommodation.extraPercent).toBeNull();
    const deadline = await t.database.db.query<{ deadlineAt: Date }>(
      'select deadline_at as "deadlineAt" from attempts where id = $1',
      [attemptId],
    );
    expect(deadline.rows[0]?.deadlineAt.toISOString()).toBe(new Date(started.deadlineAt).toISOString());
  });

  it('audits each change with the manager as the actor, keeping the note itself out of the log', async () => {
    const manager = await signedIn(org.manager.email);
    const { attemptId } = await createInvitation(t.database.db, org);
    await manager.put(path(attemptId), { extraTime: percent(25), note: 'Dyslexia: reads slowly.' });
    await manager.put(path(attemptId), { extraTime: minutes(30), note: '' });
    const entries = await auditOf(attemptId);
    expect(entries.map((e) => e.action)).toEqual(['invitation.accommodate', 'invitation.accommodate']);
    expect(entries.every((e) => e.actorId === org.manager.id)).toBe(true);
    expect(entries[0]?.details).toMatchObject({ extraPercent: 25, extraMinutes: null, hasNote: true });
    expect(entries[1]?.details).toMatchObject({ extraPercent: null, extraMinutes: 30, hasNote: false });
    expect(JSON.stringify(entries)).not.toContain('Dyslexia');
  });

  it('lets interviewers read it (they review) but only managers set it', async () => {
    const manager = await signedIn(org.manager.email);
    const { attemptId } = await createInvitation(t.database.db, org);
    await manager.put(path(attemptId), { extraTime: minutes(15), note: 'Needs breaks.' });
    const interviewer = await signedIn(org.interviewer.email);
    const read = await interviewer.get(path(attemptId));
    expect(read.status).toBe(200);
    expect(read.body.accommodation).toMatchObject({ extraMinutes: 15, note: 'Needs breaks.' });
    const refused = await interviewer.put(path(attemptId), { extraTime: minutes(600), note: '' });
    expect(refused.status).toBe(403);
    expect((await manager.get(path(attemptId))).body.accommodation.extraMinutes).toBe(15);
  });

  it("answers 404 for another organisation's invitation, to read or to set", async () => {
    const { attemptId } = await createInvitation(t.database.db, org);
    const outsider = await signedIn(other.manager.email);
    expect((await outsider.get(path(attemptId))).status).toBe(404);
    expect((await outsider.put(path(attemptId), { extraTime: percent(50), note: '' })).status).toBe(404);
    expect(await auditOf(attemptId)).toEqual([]);
  });

  it('refuses other shares, out-of-range minutes, both kinds at once, a missing or long note, naming the field', async () => {
    const manager = await signedIn(org.manager.email);
    const { attemptId } = await createInvitation(t.database.db, org);
    const cases: [object, RegExp][] = [
      [{ extraTime: percent(30), note: '' }, /^extraTime\.percent: must be 25, 50 or 100/],
      [{ extraTime: minutes(0), note: '' }, /^extraTime\.minutes: must be at least 1/],
      [{ extraTime: minutes(601), note: '' }, /^extraTime\.minutes: must be at most 600/],
      [{ extraTime: minutes(1.5), note: '' }, /^extraTime\.minutes: must be a whole number/],
      [{ extraTime: { kind: 'percent', percent: 50, minutes: 10 }, note: '' }, /minutes/],
      [{ extraTime: { kind: 'hours', hours: 1 }, note: '' }, /^extraTime/],
      [{ extraTime: null, note: '' }, /^extraTime/],
      [{ extraTime: percent(50) }, /^note/],
      [{ extraTime: percent(50), note: 'n'.repeat(1001) }, /^note: must be at most 1000 characters/],
      [{ extraTime: percent(50), note: 'a\u0000b' }, /^note: must not contain NUL/],
      [{ extraTime: percent(50), note: '', reason: 'x' }, /reason/],
    ];
    for (const [body, message] of cases) {
      const reply = await manager.put(path(attemptId), body);
      expect(reply.status, JSON.stringify(body)).toBe(400);
      expect(reply.body.error.message, JSON.stringify(body)).toMatch(message);
    }
  });
});
