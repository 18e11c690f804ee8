import { beforeAll, describe, expect, it } from 'vitest';
import { appendServerEvents } from '../../server/commands/append-server-events.ts';
import { eventsPageSchema, type ReplayEvent } from '../../server/contract/events.ts';
import { fromFileMap, replayFiles } from '../../server/contract/replay.ts';
import { findGrading } from '../../server/queries/gradings.ts';
import { SNAPSHOT_EVERY } from '../../server/replay/take-snapshots.ts';
import { recordGrading } from '../../server/scoring/record.ts';
import { recordingQueue, setUpTestApp } from '../support/app.ts';
import {
  createInvitation,
  createOrganisation,
  PASSWORD,
  type TestOrganisation,
} from '../support/factories.ts';
import type { Client } from '../support/http.ts';
import { captureOf, insert } from '../support/replay.ts';

let org: TestOrganisation;
let staff: Client;
const SLUG = 'terraform-refactor';
const EVENTS = '/api/candidate/attempt/events';

const t = setUpTestApp(recordingQueue());
beforeAll(async () => {
  org = await createOrganisation(t.database.db);
  staff = await signedIn(org);
});

async function signedIn(organisation: TestOrganisation): Promise<Client> {
  const client = t.app.client();
  const reply = await client.post('/api/staff/sign-in', {
    email: organisation.interviewer.email,
    password: PASSWORD,
  });
  expect(reply.status).toBe(200);
  return client;
}

async function startedCandidate() {
  const invitation = await createInvitation(t.database.db, org, { name: 'Ada Lovelace' });
  const client = t.app.client();
  await client.post('/api/candidate/enter', { token: invitation.token });
  await client.post('/api/candidate/attempt/start');
  return { client, ...invitation };
}

describe('the staff replay API', () => {
  it('describes the attempt with its starter files, event count, check runs with pass counts and notes', async () => {
    const { client, attemptId } = await startedCandidate();
    const capture = captureOf(SLUG);
    await client.post(EVENTS, capture.batch([capture.event('edit', insert('main.tf', 0, '# a\n'))]));
    const run = await client.post(`/api/candidate/attempt/challenges/${SLUG}/gradings`, { kind: 'run' });
    const row = (await findGrading(t.database.db, run.body.id))!;
    const checks = t.app.deps.catalogue.challenges.get(SLUG)!.manifest.checks.map((c, i) => ({
      ...c,
      passed: i === 0,
      score: i === 0 ? 1 : 0,
      message: 'judged',
      evidence: [],
    }));
    await recordGrading(t.database.db, row, {
      kind: 'judged',
      score: 10,
      checks,
      diagnostics: [],
      wallMs: 5,
    });
    await appendServerEvents(t.database.db, {
      organisationId: org.organisationId,
      attemptId,
      challengeSlug: SLUG,
      events: [{ kind: 'terminal', payload: { stream: 'output', data: 'ok\r\n' } }],
    });

    const reply = await staff.get(`/api/staff/attempts/${attemptId}/replay`);
    expect(reply.status).toBe(200);
    expect(reply.body.attempt).toMatchObject({ id: attemptId, candidateName: 'Ada Lovelace' });
    expect(reply.body.challenges[0].slug).toBe(SLUG);
    expect(reply.body.challenges[0].starter.map((f: { path: string }) => f.path)).toContain('main.tf');
    expect(reply.body).toMatchObject({ eventCount: 2, lastSeq: 2, notes: [] });
    expect(reply.body.gradings).toEqual([
      expect.objectContaining({
        id: run.body.id,
        kind: 'run',
        status: 'done',
        passed: 1,
        total: checks.length,
      }),
    ]);
    const page = await staff.get(`/api/staff/attempts/${attemptId}/replay/events?afterSeq=0&limit=1`);
    expect(page.body.more).toBe(true);
    expect(page.body.events.map((e: { kind: string }) => e.kind)).toEqual(['edit']);
    const rest = await staff.get(`/api/staff/attempts/${attemptId}/replay/events?afterSeq=1`);
    expect(rest.body).toMatchObject({ more: false, events: [{ seq: 2, kind: 'terminal' }] });
  });

  it('pins notes to moments and lists them in the order of the replay', async () => {
    const { attemptId } = await startedCandidate();
    const notes = `/api/staff/attempts/${attemptId}/replay/notes`;
    const late = await staff.post(notes, {
      challengeSlug: SLUG,
      seq: 9,
      body: '  Pasted the whole module here  ',
    });
    expect(late.status).toBe(201);
    expect(late.body).toMatchObject({
      seq: 9,
      body: 'Pasted the whole module here',
      authorName: 'Interviewer',
    });
    await staff.post(notes, { challengeSlug: SLUG, seq: 2, body: 'Read the brief first' });
    const empty = await staff.post(notes, { challengeSlug: SLUG, seq: 2, body: '   ' });
    expect(empty.status).toBe(400);
    expect(empty.body.error.message).toBe('body: must not be empty');
    const foreign = await staff.post(notes, { challengeSlug: 'alert-rules', seq: 2, body: 'x' });
    expect(foreign.status).toBe(404);
    const replay = await staff.get(`/api/staff/attempts/${attemptId}/replay`);
    expect(replay.body.notes.map((n: { seq: number }) => n.seq)).toEqual([2, 9]);
  });

  it("names the staff member behind an interview's edits, typing, hand-overs and complications", async () => {
    const { client, attemptId } = await startedCandidate();
    const capture = captureOf(SLUG);
    await client.post(EVENTS, capture.batch([capture.event('edit', insert('main.tf', 0, '# me\n'))]));
    const server = { organisationId: org.organisationId, attemptId, challengeSlug: SLUG };
    await appendServerEvents(t.database.db, {
      ...server,
      events: [
        { kind: 'edit', payload: insert('main.tf', 0, '# Ada\n'), authorId: org.manager.id },
        { kind: 'file_create', payload: { path: 'notes.md', content: 'x' }, authorId: org.manager.id },
        {
          kind: 'keyboard',
          payload: { action: 'requested', holder: 'Interviewer' },
          authorId: org.interviewer.id,
        },
        { kind: 'keyboard', payload: { action: 'given', holder: 'Interviewer' } },
        { kind: 'terminal', payload: { stream: 'input', data: 'top\r' }, authorId: org.interviewer.id },
        { kind: 'terminal', payload: { stream: 'output', data: 'load 9.0\r\n' } },
        {
          kind: 'complication',
          payload: { id: 'runaway', title: 'A second runaway query', ok: true },
          authorId: org.manager.id,
        },
      ],
    });
    const reply = await staff.get(`/api/staff/attempts/${attemptId}/replay/events`);
    expect(reply.status).toBe(200);
    const page = eventsPageSchema.parse(reply.body);
    expect(page.events.map((e) => [e.kind, e.authorName])).toEqual([
      ['edit', null],
      ['edit', 'Manager'],
      ['file_create', 'Manager'],
      ['keyboard', 'Interviewer'],
      ['keyboard', null],
      ['terminal', 'Interviewer'],
      ['terminal', null],
      ['complication', 'Manager'],
    ]);
    expect(page.events.at(-1)?.payload).toEqual({ id: 'runaway', title: 'A second runaway query', ok: true });
    const files = await staff.get(`/api/staff/attempts/${attemptId}/replay/files?challenge=${SLUG}`);
    const main = files.body.files.find((f: { path: string }) => f.path === 'main.tf');
    expect(main.content.startsWith('# Ada\n# me\n')).toBe(true);
    expect(files.body.files.map((f: { path: string }) => f.path)).toContain('notes.md');
  });

  it("answers another organisation's attempt as not found, and refuses candidates and strangers", async () => {
    const { client, attemptId } = await startedCandidate();
    const other = await signedIn(await createOrganisation(t.database.db));
    for (const path of ['', '/events', `/files?challenge=${SLUG}`]) {
      const reply = await other.get(`/api/staff/attempts/${attemptId}/replay${path}`);
      expect(reply.status).toBe(404);
      expect(reply.body.error.message).toBe('The attempt was not found.');
      expect((await client.get(`/api/staff/attempts/${attemptId}/replay${path}`)).status).toBe(401);
      expect((await t.app.client().get(`/api/staff/attempts/${attemptId}/replay${path}`)).status).toBe(401);
    }
    const note = await other.post(`/api/staff/attempts/${attemptId}/replay/notes`, {
      challengeSlug: SLUG,
      seq: 0,
      body: 'x',
    });
    expect(note.status).toBe(404);
    expect((await staff.get('/api/staff/attempts/not-a-uuid/replay')).status).toBe(404);
    const files = `/api/staff/attempts/${attemptId}/replay/files`;
    const foreign = await staff.get(`${files}?challenge=alert-rules`);
    expect(foreign.status).toBe(404);
    expect(foreign.body.error.message).toBe('Challenge alert-rules in this attempt was not found.');
    const badSeq = await staff.get(`${files}?challenge=${SLUG}&seq=-1`);
    expect(badSeq.status).toBe(400);
    expect(badSeq.body.error.message).toMatch(/^seq: /);
  });
});

describe('seeking', () => {
  it('rebuilds the files at any moment of a long attempt from the nearest snapshot', async () => {
    const { client, attemptId } = await startedCandidate();
    const capture = captureOf(SLUG);
    const events: ReplayEvent[] = [];
    for (let i = 0; i < 1050; i += 1) {
      events.push(
        i % 7 === 3
          ? { kind: 'edit', payload: { path: 'main.tf', changes: [{ offset: i % 50, length: 3, text: '' }] } }
          : { kind: 'edit', payload: insert(i % 5 === 0 ? 'notes.md' : 'main.tf', i % 40, `${i};`) },
      );
      if (i === 20) events.push({ kind: 'file_create', payload: { path: 'notes.md', content: '# notes\n' } });
    }
    for (let at = 0; at < events.length; at += 250) {
      const slice = events
        .slice(at, at + 250)
        .map((e) => capture.event(e.kind as 'edit', e.payload as never));
      expect((await client.post(EVENTS, capture.batch(slice))).status).toBe(200);
    }
    const { rows } = await t.database.db.query<{ seq: string }>(
      'select seq from attempt_snapshots where attempt_id = $1 order by seq',
      [attemptId],
    );
    expect(rows.map((r) => Number(r.seq))).toEqual([1, 2, 3, 4, 5].map((n) => n * SNAPSHOT_EVERY));
    const starter = t.app.deps.catalogue.challenges.get(SLUG)!.starter;
    for (const seq of [0, 1, 199, 200, 201, 555, 1000, 1051]) {
      const reply = await staff.get(
        `/api/staff/attempts/${attemptId}/replay/files?challenge=${SLUG}&seq=${seq}`,
      );
      expect(reply.body.files).toEqual(fromFileMap(replayFiles(starter, events.slice(0, seq))));
    }
  });
});
