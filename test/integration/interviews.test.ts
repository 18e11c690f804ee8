import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type * as Y from 'yjs';
import { createCollabServer } from '../../server/collab/server.ts';
import { documentName, FILES_MAP } from '../../server/contract/interview.ts';
import { listEvents } from '../../server/queries/events.ts';
import { listAttemptFiles } from '../../server/queries/files.ts';
import { recordingQueue, setUpTestApp } from '../support/app.ts';
import { joinDocument, until, upgradeStatus } from '../support/collab.ts';
import {
  createOrganisation,
  createStaffMember,
  PASSWORD,
  type TestOrganisation,
} from '../support/factories.ts';
import type { Client } from '../support/http.ts';

const SLUG = 'terraform-refactor';
const t = setUpTestApp(recordingQueue());
let org: TestOrganisation;
let other: TestOrganisation;
let manager: Client;
let interviewer: Client;
let shadow: Client;
let outsider: Client;
const open: { close(): void }[] = [];
afterEach(() => {
  for (const document of open.splice(0)) document.close();
});

async function signIn(email: string): Promise<Client> {
  const client = t.app.client();
  expect((await client.post('/api/staff/sign-in', { email, password: PASSWORD })).status).toBe(200);
  return client;
}

beforeAll(async () => {
  org = await createOrganisation(t.database.db);
  other = await createOrganisation(t.database.db);
  manager = await signIn(org.manager.email);
  interviewer = await signIn(org.interviewer.email);
  shadow = await signIn((await createStaffMember(t.database.db, org, 'interviewer', 'Sam Shadow')).email);
  outsider = await signIn(other.manager.email);
});

const slot = (startInMinutes = 0, durationMinutes = 60) => ({
  title: 'Platform engineer, live round',
  challengeSlugs: [SLUG, 'pegged-database'],
  startsAt: new Date(Date.now() + startInMinutes * 60_000).toISOString(),
  durationMinutes,
  meetingUrl: 'https://meet.example.com/abc-defg-hij',
  candidateName: 'Grace Hopper',
  candidateEmail: `grace-${Math.random().toString(36).slice(2)}@example.com`,
});

/** A scheduled interview, joined by the interviewer and the shadow, with the candidate inside. */
async function liveInterview() {
  const scheduled = await manager.post('/api/staff/interviews', slot());
  expect(scheduled.status).toBe(201);
  const { interview, link } = scheduled.body;
  expect(
    (await interviewer.post(`/api/staff/interviews/${interview.id}/join`, { role: 'interviewer' })).status,
  ).toBe(204);
  expect((await shadow.post(`/api/staff/interviews/${interview.id}/join`, { role: 'shadow' })).status).toBe(
    204,
  );
  const candidate = t.app.client();
  expect((await candidate.post('/api/candidate/enter', { token: link.replace('/invite/', '') })).status).toBe(
    204,
  );
  const started = await candidate.post('/api/candidate/attempt/start');
  expect(started.status).toBe(200);
  return { interview, candidate, attempt: started.body };
}

const documentOf = (client: Client, query: string, attemptId: string) => {
  const joining = joinDocument({
    baseUrl: t.app.baseUrl,
    cookie: client.cookieHeader(),
    query,
    attemptId,
    slug: SLUG,
  });
  return joining.then((document) => {
    open.push(document);
    return document;
  });
};
const synced = (document: Awaited<ReturnType<typeof joinDocument>>) =>
  until(() => document.provider.isSynced && Object.keys(document.files()).length > 0, 'the first sync');

describe('scheduling an interview', () => {
  it('makes an invitation for the slot and lists it with its meeting link', async () => {
    const reply = await manager.post('/api/staff/interviews', slot(60, 45));
    expect(reply.status).toBe(201);
    expect(reply.body.link).toMatch(/^\/invite\/[A-Za-z0-9_-]{20,}$/);
    expect(reply.body.interview).toMatchObject({
      candidateName: 'Grace Hopper',
      meetingUrl: 'https://meet.example.com/abc-defg-hij',
      status: 'not_started',
      participants: [],
    });
    const list = await interviewer.get('/api/staff/interviews');
    expect(list.body.interviews.map((i: { id: string }) => i.id)).toContain(reply.body.interview.id);
  });

  it('refuses bad input, naming the field', async () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ meetingUrl: 'javascript:alert(1)' }, /meetingUrl/],
      [{ startsAt: 'tomorrow' }, /startsAt/],
      [
        { startsAt: new Date(Date.now() - 3 * 3600_000).toISOString() },
        /startsAt: that slot is already over/,
      ],
      [{ challengeSlugs: ['no-such-challenge'] }, /no-such-challenge/],
      [{ durationMinutes: 5 }, /durationMinutes/],
    ];
    for (const [change, message] of cases) {
      const reply = await manager.post('/api/staff/interviews', { ...slot(), ...change });
      expect(reply.status, JSON.stringify(change)).toBe(400);
      expect(reply.body.error.message).toMatch(message);
    }
  });

  it('is another organisation’s business only as "not found"', async () => {
    const { interview } = await liveInterview();
    expect((await outsider.get(`/api/staff/interviews/${interview.id}`)).status).toBe(404);
    expect(
      (await outsider.post(`/api/staff/interviews/${interview.id}/join`, { role: 'interviewer' })).status,
    ).toBe(404);
    const list = await outsider.get('/api/staff/interviews');
    expect(list.body.interviews.map((i: { id: string }) => i.id)).not.toContain(interview.id);
  });

  it('lets the candidate start only around the slot, and stops the clock when the slot ends', async () => {
    const later = await manager.post('/api/staff/interviews', slot(120, 60));
    const early = t.app.client();
    await early.post('/api/candidate/enter', { token: later.body.link.replace('/invite/', '') });
    const refused = await early.post('/api/candidate/attempt/start');
    expect(refused.status).toBe(409);
    expect(refused.body.error.id).toBe('interview_not_yet');

    const { interview, attempt } = await liveInterview();
    expect(Date.parse(attempt.deadlineAt)).toBeLessThanOrEqual(Date.parse(interview.endsAt));
    expect(attempt.interview).toEqual({
      attemptId: interview.attemptId,
      startsAt: interview.startsAt,
      endsAt: interview.endsAt,
      meetingUrl: interview.meetingUrl,
    });
  });
});

describe('the interviewer’s own panel', () => {
  it('gives staff the guide and the complications, and the candidate neither', async () => {
    const { interview, candidate } = await liveInterview();
    const room = await interviewer.get(`/api/staff/interviews/${interview.id}`);
    expect(room.status).toBe(200);
    expect(room.body.me.role).toBe('interviewer');
    const pegged = room.body.challenges.find((c: { slug: string }) => c.slug === 'pegged-database');
    expect(pegged.complications.length).toBeGreaterThanOrEqual(3);
    const refactor = room.body.challenges.find((c: { slug: string }) => c.slug === SLUG);
    expect(refactor.guide).toMatch(/^# Interviewer guide/);

    const view = JSON.stringify((await candidate.get('/api/candidate/attempt')).body);
    const guideLine = (refactor.guide as string).split('\n').find((l) => l.length > 60) ?? 'unreachable';
    expect(view).not.toContain(guideLine);
    for (const complication of pegged.complications) expect(view).not.toContain(complication.description);
    expect(view).not.toContain('Interviewer guide');

    // The interview drew its own variant (#17): the panel is told the live incident's fault, the
    // candidate is not (nor that there are faults to draw from); a challenge without parameters has none.
    expect(pegged.variant).toMatch(/^variant \d+ · fault (missing-index|invalid-index)$/);
    expect(refactor.variant).toBeNull();
    for (const fault of ['missing-index', 'invalid-index', 'variant ']) expect(view).not.toContain(fault);
  });

  it('keeps private notes as replay notes and quick ratings per interviewer; a shadow does not rate', async () => {
    const { interview } = await liveInterview();
    const note = await interviewer.post(`/api/staff/interviews/${interview.id}/notes`, {
      challengeSlug: SLUG,
      body: 'Asked about state migration: moved blocks, no destroy.',
    });
    expect(note.status).toBe(201);
    const replay = await manager.get(`/api/staff/attempts/${interview.attemptId}/replay`);
    expect(replay.body.notes.map((n: { body: string }) => n.body)).toContain(
      'Asked about state migration: moved blocks, no destroy.',
    );
    const rated = await interviewer.put(`/api/staff/interviews/${interview.id}/ratings`, {
      ratings: { iac: 3 },
    });
    expect(rated.body.ratings).toEqual({ iac: 3 });
    expect(
      (await shadow.put(`/api/staff/interviews/${interview.id}/ratings`, { ratings: { iac: 1 } })).status,
    ).toBe(403);
    const shadowRoom = await shadow.get(`/api/staff/interviews/${interview.id}`);
    expect(shadowRoom.body.ratings).toEqual({});
    expect(shadowRoom.body.notes).toEqual([]);
  });
});

describe('co-editing the files', () => {
  it('converges edits from the candidate and the interviewer, saves them and records each author', async () => {
    const { interview, candidate } = await liveInterview();
    const attemptId = interview.attemptId;
    const mine = await documentOf(candidate, 'as=candidate', attemptId);
    const theirs = await documentOf(interviewer, `as=staff&interview=${interview.id}`, attemptId);
    await Promise.all([synced(mine), synced(theirs)]);
    expect(mine.files()).toEqual(theirs.files());

    // Both type into the same line at once.
    mine.text('main.tf').insert(0, '# candidate\n');
    theirs.text('main.tf').insert(0, '# interviewer\n');
    await until(() => mine.files()['main.tf'] === theirs.files()['main.tf'], 'convergence');
    const merged = mine.files()['main.tf'] ?? '';
    expect(merged).toContain('# candidate\n');
    expect(merged).toContain('# interviewer\n');

    // Saved into the attempt's files (what grading reads) a moment later.
    await until(
      async () =>
        (await listAttemptFiles(t.database.db, attemptId, SLUG)).find((f) => f.path === 'main.tf')
          ?.content === merged,
      'the projection into the saved files',
    );
    await t.app.collab.flush();
    const edits = await listEvents(t.database.db, attemptId, { kinds: ['edit'] });
    const authors = new Set(edits.map((e) => e.authorName));
    expect(authors).toEqual(new Set([null, 'Interviewer']));
  });

  it('loses no edit on either side when a connection drops', async () => {
    const { interview, candidate } = await liveInterview();
    const attemptId = interview.attemptId;
    const mine = await documentOf(candidate, 'as=candidate', attemptId);
    const theirs = await documentOf(interviewer, `as=staff&interview=${interview.id}`, attemptId);
    await Promise.all([synced(mine), synced(theirs)]);
    theirs.socket.disconnect();
    theirs.socket.shouldConnect = false;
    // Both keep typing while the interviewer is offline.
    theirs.text('main.tf').insert(0, '# typed offline\n');
    mine.text('main.tf').insert(theirs.text('main.tf').length - 1, '\n# typed meanwhile\n');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(mine.files()['main.tf']).not.toContain('# typed offline');
    theirs.socket.shouldConnect = true;
    await theirs.socket.connect();
    await until(
      () => mine.files()['main.tf'] === theirs.files()['main.tf'],
      'convergence after the reconnect',
    );
    expect(mine.files()['main.tf']).toContain('# typed offline\n');
    expect(mine.files()['main.tf']).toContain('# typed meanwhile\n');
  });

  it('keeps every stored edit across a restart of the API', async () => {
    const { interview, candidate } = await liveInterview();
    const mine = await documentOf(candidate, 'as=candidate', interview.attemptId);
    await synced(mine);
    mine.text('main.tf').insert(0, '# before the restart\n');
    await until(() => mine.provider.unsyncedChanges === 0, 'the server holding the edit');
    await t.app.collab.flush();
    // Another API process: it loads the document from PostgreSQL, not from anyone's memory.
    const restarted = createCollabServer(t.app.deps);
    const direct = await restarted.hocuspocus.openDirectConnection(documentName(interview.attemptId, SLUG));
    const files = direct.document?.getMap<Y.Text>(FILES_MAP);
    expect(files?.get('main.tf')?.toString()).toBe(mine.files()['main.tf']);
    await direct.disconnect();
    restarted.close();
  });

  it('takes no more changes once the candidate submitted the challenge', async () => {
    const { interview, candidate } = await liveInterview();
    const attemptId = interview.attemptId;
    const theirs = await documentOf(interviewer, `as=staff&interview=${interview.id}`, attemptId);
    await synced(theirs);
    const submitted = await candidate.post(`/api/candidate/attempt/challenges/${SLUG}/gradings`, {
      kind: 'submit',
    });
    expect(submitted.status).toBe(202);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    theirs.text('main.tf').insert(0, '# too late\n');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await t.app.collab.flush();
    const saved = await listAttemptFiles(t.database.db, attemptId, SLUG);
    expect(saved.find((f) => f.path === 'main.tf')?.content).not.toContain('# too late');
    const edits = await listEvents(t.database.db, attemptId, { kinds: ['edit'] });
    expect(edits).toEqual([]);
  });

  it('keeps a shadow read-only and another organisation out', async () => {
    const { interview, candidate } = await liveInterview();
    const attemptId = interview.attemptId;
    const mine = await documentOf(candidate, 'as=candidate', attemptId);
    const watching = await documentOf(shadow, `as=staff&interview=${interview.id}`, attemptId);
    await Promise.all([synced(mine), synced(watching)]);
    watching.text('main.tf').insert(0, '# shadow was here\n');
    mine.text('main.tf').insert(0, '# after\n');
    await until(() => watching.files()['main.tf']?.includes('# after') ?? false, 'the shadow seeing edits');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(mine.files()['main.tf']).not.toContain('shadow was here');
    await t.app.collab.flush();
    const saved = await listAttemptFiles(t.database.db, attemptId, SLUG);
    expect(saved.find((f) => f.path === 'main.tf')?.content).not.toContain('shadow was here');

    const upgrade = (client: Client, query: string, origin = t.app.baseUrl) =>
      upgradeStatus(t.app.baseUrl, `/api/collab?${query}`, { cookie: client.cookieHeader(), origin });
    expect(await upgrade(outsider, `as=staff&interview=${interview.id}`)).toBe(404);
    expect(await upgrade(interviewer, `as=staff&interview=${interview.id}`, 'https://evil.example')).toBe(
      403,
    );
    expect(await upgrade(t.app.client(), 'as=candidate')).toBe(401);
    expect(await upgrade(interviewer, `as=staff&interview=${interview.id}`)).toBe(101);
  });

  it('opens no document before the candidate starts, so the starter files are what everyone gets', async () => {
    const scheduled = await manager.post('/api/staff/interviews', slot());
    const { interview, link } = scheduled.body;
    await interviewer.post(`/api/staff/interviews/${interview.id}/join`, { role: 'interviewer' });
    const early = await documentOf(interviewer, `as=staff&interview=${interview.id}`, interview.attemptId);
    expect(await early.denied).toMatch(/permission|denied/i);
    const candidate = t.app.client();
    await candidate.post('/api/candidate/enter', { token: link.replace('/invite/', '') });
    await candidate.post('/api/candidate/attempt/start');
    const later = await documentOf(interviewer, `as=staff&interview=${interview.id}`, interview.attemptId);
    await synced(later);
    const starter = t.app.deps.catalogue.challenges.get(SLUG)?.starter ?? [];
    expect(Object.keys(later.files()).sort()).toEqual(starter.map((f) => f.path).sort());
  });

  it('refuses a candidate a document of another attempt', async () => {
    const first = await liveInterview();
    const second = await liveInterview();
    const intruder = await documentOf(second.candidate, 'as=candidate', first.interview.attemptId);
    expect(await intruder.denied).toMatch(/permission|denied|forbidden/i);
    expect(intruder.files()).toEqual({});
  });
});
