import { beforeAll, describe, expect, it } from 'vitest';
import { setUpTestApp } from '../support/app.ts';
import {
  createInvitation,
  createOrganisation,
  PASSWORD,
  type TestOrganisation,
} from '../support/factories.ts';

let org1: TestOrganisation;
let org2: TestOrganisation;

const t = setUpTestApp();
beforeAll(async () => {
  org1 = await createOrganisation(t.database.db);
  org2 = await createOrganisation(t.database.db);
  await createInvitation(t.database.db, org1, { name: 'Org One Candidate' });
});

describe('staff access', () => {
  it('refuses a wrong password with a clear message and no cookie', async () => {
    const client = t.app.client();
    const reply = await client.post('/api/staff/sign-in', { email: org1.manager.email, password: 'wrong' });
    expect(reply.status).toBe(401);
    expect(reply.body.error.id).toBe('invalid_credentials');
    expect((await client.get('/api/staff/me')).status).toBe(401);
  });

  it('names the bad field of a malformed sign-in', async () => {
    const reply = await t.app.client().post('/api/staff/sign-in', { email: 'not-an-email', password: 'x' });
    expect(reply.status).toBe(400);
    expect(reply.body.error.message).toMatch(/^email: /);
  });

  it('signs in with an httpOnly SameSite cookie, and signing out ends the session', async () => {
    const response = await fetch(`${t.app.baseUrl}/api/staff/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: org1.manager.email, password: PASSWORD }),
    });
    expect(response.status).toBe(200);
    const cookie = response.headers.getSetCookie()[0] ?? '';
    expect(cookie).toMatch(/^gauntlet_staff=/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);

    const client = t.app.client();
    await client.post('/api/staff/sign-in', { email: org1.manager.email.toUpperCase(), password: PASSWORD });
    expect((await client.get('/api/staff/me')).body.user.role).toBe('manager');
    expect((await client.post('/api/staff/sign-out')).status).toBe(204);
    expect((await client.get('/api/staff/me')).status).toBe(401);
  });

  it("lists only the organisation's own assessments and attempts", async () => {
    const client = t.app.client();
    await client.post('/api/staff/sign-in', { email: org1.interviewer.email, password: PASSWORD });
    const list = await client.get('/api/staff/assessments');
    expect(list.body.assessments.map((a: { id: string }) => a.id)).toEqual([org1.assessmentId]);
    const attempts = await client.get(`/api/staff/assessments/${org1.assessmentId}/attempts`);
    expect(attempts.status).toBe(200);
    expect(attempts.body.attempts).toHaveLength(1);
    expect(attempts.body.attempts[0]).toMatchObject({
      candidateName: 'Org One Candidate',
      status: 'invited',
    });
    expect(attempts.body.dimensions.map((d: { id: string }) => d.id)).toContain('security');
  });

  it("answers 404 for another organisation's assessment", async () => {
    const client = t.app.client();
    await client.post('/api/staff/sign-in', { email: org2.manager.email, password: PASSWORD });
    const reply = await client.get(`/api/staff/assessments/${org1.assessmentId}/attempts`);
    expect(reply.status).toBe(404);
    expect(JSON.stringify(reply.body)).not.toContain('Org One Candidate');
  });

  it('refuses staff routes to anonymous callers and to candidates', async () => {
    expect((await t.app.client().get('/api/staff/assessments')).status).toBe(401);
    const { token } = await createInvitation(t.database.db, org1);
    const candidate = t.app.client();
    expect((await candidate.post('/api/candidate/enter', { token })).status).toBe(204);
    expect((await candidate.get('/api/staff/assessments')).status).toBe(401);
  });

  it('shows staff the catalogue with every check, and never the graders or solutions', async () => {
    expect((await t.app.client().get('/api/staff/challenges')).status).toBe(401);
    const client = t.app.client();
    await client.post('/api/staff/sign-in', { email: org1.interviewer.email, password: PASSWORD });
    const reply = await client.get('/api/staff/challenges');
    expect(reply.status).toBe(200);
    const entry = reply.body.challenges.find((c: { slug: string }) => c.slug === 'terraform-refactor');
    const challenge = t.app.deps.catalogue.challenges.get('terraform-refactor');
    expect(entry).toMatchObject({
      level: challenge?.manifest.level,
      timeLimitMinutes: challenge?.manifest.timeLimitMinutes,
    });
    expect(entry.checks).toHaveLength(challenge?.manifest.checks.length ?? -1);
    expect(entry.brief).toBe(challenge?.brief);
    const text = JSON.stringify(reply.body);
    for (const file of challenge?.grader ?? []) expect(text).not.toContain(file.content.slice(0, 200));
  });

  it('refuses a state-changing request from another origin', async () => {
    const reply = await t.app
      .client()
      .request(
        'POST',
        '/api/staff/sign-in',
        { email: org1.manager.email, password: PASSWORD },
        { origin: 'https://evil.example' },
      );
    expect(reply.status).toBe(403);
  });
});
