import { beforeAll, describe, expect, it } from 'vitest';
import { setUpTestApp } from '../support/app.ts';
import {
  createInvitation,
  createOrganisation,
  PASSWORD,
  storeSubmission,
  type TestOrganisation,
} from '../support/factories.ts';

let org: TestOrganisation;
let other: TestOrganisation;

const t = setUpTestApp();
beforeAll(async () => {
  org = await createOrganisation(t.database.db);
  other = await createOrganisation(t.database.db);
});

async function signedIn(email: string) {
  const client = t.app.client();
  expect((await client.post('/api/staff/sign-in', { email, password: PASSWORD })).status).toBe(200);
  return client;
}

async function newAssessment(slugs = ['terraform-refactor', 'cicd-canary']) {
  const manager = await signedIn(org.manager.email);
  const reply = await manager.post('/api/staff/assessments', {
    title: 'Platform engineer',
    challengeSlugs: slugs,
    timeLimitMinutes: 90,
  });
  expect(reply.status).toBe(201);
  return { manager, id: reply.body.assessment.id as string };
}

describe('composing an assessment', () => {
  it('keeps the challenges in the order the manager chose, with one overall time limit', async () => {
    const { manager, id } = await newAssessment(['cicd-canary', 'terraform-refactor']);
    const detail = await manager.get(`/api/staff/assessments/${id}`);
    expect(detail.status).toBe(200);
    expect(detail.body.assessment).toMatchObject({
      challengeSlugs: ['cicd-canary', 'terraform-refactor'],
      timeLimitMinutes: 90,
    });
    expect(detail.body.challenges.map((c: { slug: string }) => c.slug)).toEqual([
      'cicd-canary',
      'terraform-refactor',
    ]);
    const list = await manager.get('/api/staff/assessments');
    expect(list.body.assessments.map((a: { id: string }) => a.id)).toContain(id);
  });

  it('names an unknown or repeated challenge and a bad time limit', async () => {
    const manager = await signedIn(org.manager.email);
    const post = (body: object) =>
      manager.post('/api/staff/assessments', { title: 'X', timeLimitMinutes: 60, ...body });
    const unknown = await post({ challengeSlugs: ['terraform-refactor', 'no-such-challenge'] });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toBe(
      'challengeSlugs.1: no-such-challenge is not a challenge of the catalogue',
    );
    const repeated = await post({ challengeSlugs: ['cicd-canary', 'cicd-canary'] });
    expect(repeated.body.error.message).toBe('challengeSlugs: must not repeat a challenge');
    const tooLong = await post({ challengeSlugs: ['cicd-canary'], timeLimitMinutes: 601 });
    expect(tooLong.body.error.message).toBe('timeLimitMinutes: must be at most 600');
  });

  it('is for managers only: an interviewer is refused, an anonymous caller asked to sign in', async () => {
    const interviewer = await signedIn(org.interviewer.email);
    const body = { title: 'X', challengeSlugs: ['cicd-canary'], timeLimitMinutes: 30 };
    const refused = await interviewer.post('/api/staff/assessments', body);
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toBe('Only a hiring manager may compose assessments.');
    expect((await t.app.client().post('/api/staff/assessments', body)).status).toBe(401);
  });
});

describe('inviting candidates', () => {
  it('invites one candidate with a working link whose token is stored only as a hash', async () => {
    const { manager, id } = await newAssessment();
    const reply = await manager.post(`/api/staff/assessments/${id}/invitations`, {
      candidateName: 'Ada Lovelace',
      candidateEmail: 'Ada@Example.com',
    });
    expect(reply.status).toBe(201);
    const [invitation] = reply.body.invitations;
    expect(invitation).toMatchObject({ candidateEmail: 'ada@example.com', status: 'invited' });
    const token = invitation.link.replace('/invite/', '');
    expect(token.length).toBeGreaterThanOrEqual(43);
    const stored = await t.database.db.query(
      'select 1 from invitations where token_hash = $1 or encode(token_hash, $2) = $3',
      [Buffer.from(token), 'escape', token],
    );
    expect(stored.rowCount).toBe(0);
    const candidate = t.app.client();
    expect((await candidate.post('/api/candidate/enter', { token })).status).toBe(204);
    expect((await candidate.get('/api/candidate/attempt')).body.candidateName).toBe('Ada Lovelace');

    const again = await manager.post(`/api/staff/assessments/${id}/invitations`, {
      candidateName: 'Ada again',
      candidateEmail: 'ada@example.com',
    });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toBe(
      'candidateEmail: ada@example.com is already invited to this assessment',
    );
  });

  it('invites an email once even when two managers invite it at the same moment', async () => {
    const { manager, id } = await newAssessment();
    const body = { candidateName: 'Race', candidateEmail: 'race@example.com' };
    const replies = await Promise.all([
      manager.post(`/api/staff/assessments/${id}/invitations`, body),
      manager.post(`/api/staff/assessments/${id}/invitations`, body),
    ]);
    expect(replies.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(replies.find((r) => r.status === 409)?.body.error.id).toBe('already_invited');
    expect((await manager.get(`/api/staff/assessments/${id}`)).body.invitations).toHaveLength(1);
  });

  it('invites from a CSV all or nothing, naming the bad line', async () => {
    const { manager, id } = await newAssessment();
    const bad = await manager.post(`/api/staff/assessments/${id}/invitations/csv`, {
      csv: 'name,email\nGrace Hopper,grace@example.com\nNobody,nobody-at-example',
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toBe('csv line 3: candidateEmail: must be an email address');
    const twice = await manager.post(`/api/staff/assessments/${id}/invitations/csv`, {
      csv: 'Grace,grace@example.com\nGrace H,GRACE@example.com',
    });
    expect(twice.status).toBe(409);
    expect(twice.body.error.message).toMatch(/^csv line 2: grace@example.com is listed twice/);
    expect((await manager.get(`/api/staff/assessments/${id}`)).body.invitations).toHaveLength(0);

    const good = await manager.post(`/api/staff/assessments/${id}/invitations/csv`, {
      csv: 'email,name\ngrace@example.com,Grace Hopper\n"linus@example.com","Torvalds, Linus"\n',
      expiresInDays: 3,
    });
    expect(good.status).toBe(201);
    expect(good.body.invitations.map((i: { candidateName: string }) => i.candidateName)).toEqual([
      'Grace Hopper',
      'Torvalds, Linus',
    ]);
    const expires = Date.parse(good.body.invitations[0].expiresAt);
    expect(Math.abs(expires - (Date.now() + 3 * 24 * 3600_000))).toBeLessThan(60_000);
    const detail = await manager.get(`/api/staff/assessments/${id}`);
    expect(detail.body.invitations.map((i: { status: string }) => i.status)).toEqual(['invited', 'invited']);
  });

  it('shows each candidate as invited, started, submitted, graded, expired or revoked', async () => {
    const manager = await signedIn(org.manager.email);
    const invited = await createInvitation(t.database.db, org);
    const started = await createInvitation(t.database.db, org);
    await t.database.db.query(
      `update attempts set started_at = now(), deadline_at = now() + interval '40 minutes' where id = $1`,
      [started.attemptId],
    );
    const graded = await createInvitation(t.database.db, org);
    await storeSubmission(
      t.database.db,
      t.app.deps.catalogue,
      graded.attemptId,
      'terraform-refactor',
      { scores: {} },
      { submitAttempt: true },
    );
    const submitted = await createInvitation(t.database.db, org);
    await t.database.db.query(
      `update attempts set started_at = now(), deadline_at = now() + interval '40 minutes', submitted_at = now()
       where id = $1`,
      [submitted.attemptId],
    );
    await t.database.db.query(
      `insert into gradings (organisation_id, attempt_id, challenge_slug, kind, files)
       values ($1, $2, 'terraform-refactor', 'submit', '[]')`,
      [org.organisationId, submitted.attemptId],
    );
    const expired = await createInvitation(t.database.db, org, { expiresAt: new Date(Date.now() - 1000) });
    const revoked = await createInvitation(t.database.db, org);
    expect((await manager.post(`/api/staff/attempts/${revoked.attemptId}/revoke`)).status).toBe(200);

    const detail = await manager.get(`/api/staff/assessments/${org.assessmentId}`);
    const statusOf = (attemptId: string) =>
      detail.body.invitations.find((i: { attemptId: string }) => i.attemptId === attemptId)?.status;
    expect(statusOf(invited.attemptId)).toBe('invited');
    expect(statusOf(started.attemptId)).toBe('started');
    expect(statusOf(submitted.attemptId)).toBe('submitted');
    expect(statusOf(graded.attemptId)).toBe('graded');
    expect(statusOf(expired.attemptId)).toBe('expired');
    expect(statusOf(revoked.attemptId)).toBe('revoked');
  });

  it('extends an unused invitation, a running deadline, and refuses a submitted attempt', async () => {
    const manager = await signedIn(org.manager.email);
    const expired = await createInvitation(t.database.db, org, { expiresAt: new Date(Date.now() - 1000) });
    const reply = await manager.post(`/api/staff/attempts/${expired.attemptId}/extend`, { minutes: 60 * 24 });
    expect(reply.status).toBe(200);
    expect(reply.body.invitation.status).toBe('invited');
    expect(Date.parse(reply.body.invitation.expiresAt)).toBeGreaterThan(Date.now() + 23 * 3600_000);
    expect((await t.app.client().post('/api/candidate/enter', { token: expired.token })).status).toBe(204);

    const running = await createInvitation(t.database.db, org);
    const candidate = t.app.client();
    await candidate.post('/api/candidate/enter', { token: running.token });
    const before = Date.parse((await candidate.post('/api/candidate/attempt/start')).body.deadlineAt);
    const extended = await manager.post(`/api/staff/attempts/${running.attemptId}/extend`, { minutes: 15 });
    expect(Date.parse(extended.body.invitation.deadlineAt) - before).toBe(15 * 60_000);

    const done = await createInvitation(t.database.db, org);
    await storeSubmission(
      t.database.db,
      t.app.deps.catalogue,
      done.attemptId,
      'terraform-refactor',
      { scores: {} },
      {
        submitAttempt: true,
      },
    );
    const refused = await manager.post(`/api/staff/attempts/${done.attemptId}/extend`, { minutes: 15 });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(/already submitted/);
    const tooShort = await manager.post(`/api/staff/attempts/${running.attemptId}/extend`, { minutes: 1 });
    expect(tooShort.body.error.message).toBe('minutes: must be at least 5');
  });

  it('revoking ends the candidate session and the link answers that it was withdrawn', async () => {
    const manager = await signedIn(org.manager.email);
    const { token, attemptId } = await createInvitation(t.database.db, org);
    const candidate = t.app.client();
    await candidate.post('/api/candidate/enter', { token });
    expect((await candidate.get('/api/candidate/attempt')).status).toBe(200);
    expect((await manager.post(`/api/staff/attempts/${attemptId}/revoke`)).body.invitation.status).toBe(
      'revoked',
    );
    expect((await candidate.get('/api/candidate/attempt')).status).toBe(401);
    const again = await t.app.client().post('/api/candidate/enter', { token });
    expect(again.status).toBe(410);
    expect(again.body.error.id).toBe('invitation_revoked');
  });

  it("answers 404 for another organisation's assessment or attempt, and 403 to interviewers", async () => {
    const outsider = await signedIn(other.manager.email);
    const { attemptId } = await createInvitation(t.database.db, org);
    for (const reply of [
      await outsider.get(`/api/staff/assessments/${org.assessmentId}`),
      await outsider.post(`/api/staff/assessments/${org.assessmentId}/invitations`, {
        candidateName: 'X',
        candidateEmail: 'x@example.com',
      }),
      await outsider.post(`/api/staff/attempts/${attemptId}/extend`, { minutes: 30 }),
      await outsider.post(`/api/staff/attempts/${attemptId}/revoke`),
      await outsider.get('/api/staff/assessments/not-a-uuid'),
    ]) {
      expect(reply.status).toBe(404);
    }
    const interviewer = await signedIn(org.interviewer.email);
    expect((await interviewer.post(`/api/staff/attempts/${attemptId}/revoke`)).status).toBe(403);
    expect(
      (
        await interviewer.post(`/api/staff/assessments/${org.assessmentId}/invitations/csv`, {
          csv: 'a,a@example.com',
        })
      ).status,
    ).toBe(403);
  });
});
