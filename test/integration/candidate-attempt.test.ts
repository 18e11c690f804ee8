import { beforeAll, describe, expect, it } from 'vitest';
import { findGrading } from '../../server/queries/gradings.ts';
import { recordGrading } from '../../server/scoring/record.ts';
import { recordingQueue, setUpTestApp } from '../support/app.ts';
import {
  createInvitation,
  createOrganisation,
  PASSWORD,
  type TestOrganisation,
} from '../support/factories.ts';

let org: TestOrganisation;
const queue = recordingQueue();
const SLUG = 'terraform-refactor';

const t = setUpTestApp(queue);
beforeAll(async () => {
  org = await createOrganisation(t.database.db);
});

async function enteredCandidate() {
  const invitation = await createInvitation(t.database.db, org);
  const client = t.app.client();
  expect((await client.post('/api/candidate/enter', { token: invitation.token })).status).toBe(204);
  return { client, ...invitation };
}

describe('invitation links', () => {
  it('answers an unknown link with a clear 404', async () => {
    const reply = await t.app.client().post('/api/candidate/enter', { token: 'x'.repeat(43) });
    expect(reply.status).toBe(404);
    expect(reply.body.error).toMatchObject({ id: 'invitation_not_found' });
  });

  it('answers an expired link with 410', async () => {
    const { token } = await createInvitation(t.database.db, org, { expiresAt: new Date(Date.now() - 1000) });
    const reply = await t.app.client().post('/api/candidate/enter', { token });
    expect(reply.status).toBe(410);
    expect(reply.body.error.id).toBe('invitation_expired');
  });

  it('refuses the attempt API without having entered through a link', async () => {
    expect((await t.app.client().get('/api/candidate/attempt')).status).toBe(401);
  });
});

describe('a candidate attempt', () => {
  it('shows the brief but no files before the start, then the starter files once started', async () => {
    const { client } = await enteredCandidate();
    const before = await client.get('/api/candidate/attempt');
    expect(before.body.status).toBe('not_started');
    expect(before.body.challenges[0].brief).toContain('R1');
    expect(before.body.challenges[0].files).toEqual([]);
    const started = await client.post('/api/candidate/attempt/start');
    expect(started.body.status).toBe('in_progress');
    expect(started.body.challenges[0].files.map((f: { path: string }) => f.path)).toContain('main.tf');
    expect(Date.parse(started.body.deadlineAt) - Date.parse(started.body.startedAt)).toBe(45 * 60_000);
  });

  it('never sends hidden checks, the grader or the reference solution to the candidate', async () => {
    const { client } = await enteredCandidate();
    const attempt = await client.post('/api/candidate/attempt/start');
    const text = JSON.stringify(attempt.body);
    const challenge = t.app.deps.catalogue.challenges.get(SLUG)!;
    for (const check of challenge.manifest.checks.filter((c) => !c.visible)) {
      expect(text).not.toContain(check.id);
      expect(text).not.toContain(check.title);
    }
    for (const file of challenge.grader) expect(text).not.toContain(file.content.slice(0, 200));
    expect(attempt.body.challenges[0].hiddenCheckCount).toBeGreaterThan(0);
  });

  it('saves files and refuses bad paths and sizes, naming the field', async () => {
    const { client } = await enteredCandidate();
    await client.post('/api/candidate/attempt/start');
    const url = `/api/candidate/attempt/challenges/${SLUG}/files`;
    const ok = await client.put(url, {
      files: [
        { path: 'main.tf', content: 'variable "a" {}\n' },
        { path: 'modules/x/main.tf', content: '' },
      ],
    });
    expect(ok.status).toBe(200);
    const view = await client.get('/api/candidate/attempt');
    expect(view.body.challenges[0].files).toEqual([
      { path: 'main.tf', content: 'variable "a" {}\n' },
      { path: 'modules/x/main.tf', content: '' },
    ]);

    const dotdot = await client.put(url, { files: [{ path: '../etc/passwd', content: 'x' }] });
    expect(dotdot.status).toBe(400);
    expect(dotdot.body.error.message).toBe("files.0.path: must not contain '..'");
    const absolute = await client.put(url, { files: [{ path: '/etc/passwd', content: 'x' }] });
    expect(absolute.body.error.message).toMatch(/^files\.0\.path: must be relative/);
    const big = await client.put(url, { files: [{ path: 'big.tf', content: 'a'.repeat(256 * 1024 + 1) }] });
    expect(big.status).toBe(400);
    expect(big.body.error.message).toMatch(/^files\.0\.content: must be at most 256 KiB/);
    const many = await client.put(url, {
      files: Array.from({ length: 51 }, (_, i) => ({ path: `f${i}.tf`, content: '' })),
    });
    expect(many.body.error.message).toMatch(/^files: a submission holds at most 50 files/);
    const total = await client.put(url, {
      files: Array.from({ length: 9 }, (_, i) => ({ path: `f${i}.tf`, content: 'a'.repeat(250 * 1024) })),
    });
    expect(total.body.error.message).toMatch(/^files: a submission is at most 2 MiB/);
    const notJson = await client.request('PUT', url, '{"files": [', {});
    expect(notJson.status).toBe(400);
    expect(notJson.body.error.id).toBe('invalid_json');
    const unknownSlug = await client.put('/api/candidate/attempt/challenges/other/files', { files: [] });
    expect(unknownSlug.status).toBe(404);
  });

  it('queues gradings of the saved files, and a submit is final', async () => {
    const { client } = await enteredCandidate();
    await client.post('/api/candidate/attempt/start');
    await client.put(`/api/candidate/attempt/challenges/${SLUG}/files`, {
      files: [{ path: 'main.tf', content: '# v1\n' }],
    });
    const run = await client.post(`/api/candidate/attempt/challenges/${SLUG}/gradings`, { kind: 'run' });
    expect(run.status).toBe(202);
    expect(run.body).toMatchObject({ kind: 'run', status: 'queued', score: null });
    expect(queue.ids).toContain(run.body.id);

    const submit = await client.post(`/api/candidate/attempt/challenges/${SLUG}/gradings`, {
      kind: 'submit',
    });
    expect(submit.status).toBe(202);
    expect((await client.get('/api/candidate/attempt')).body.status).toBe('submitted');
    const again = await client.post(`/api/candidate/attempt/challenges/${SLUG}/gradings`, { kind: 'submit' });
    expect(again.status).toBe(409);
    const save = await client.put(`/api/candidate/attempt/challenges/${SLUG}/files`, { files: [] });
    expect(save.status).toBe(409);
    const badKind = await client.post(`/api/candidate/attempt/challenges/${SLUG}/gradings`, { kind: 'all' });
    expect(badKind.body.error.message).toMatch(/^kind: /);
  });

  it("shows hidden checks only as pass/fail after submit, and never another candidate's grading", async () => {
    const a = await enteredCandidate();
    await a.client.post('/api/candidate/attempt/start');
    const run = await a.client.post(`/api/candidate/attempt/challenges/${SLUG}/gradings`, { kind: 'run' });
    // Being graded when the submission comes (a run still queued would be replaced by it).
    await t.database.db.query(`update gradings set status = 'running' where id = $1`, [run.body.id]);
    const submit = await a.client.post(`/api/candidate/attempt/challenges/${SLUG}/gradings`, {
      kind: 'submit',
    });
    const challenge = t.app.deps.catalogue.challenges.get(SLUG)!;
    const checks = challenge.manifest.checks.map((c, i) => ({
      ...c,
      passed: i % 2 === 0,
      score: i % 2 === 0 ? 1 : 0.25,
      message: `secret message of ${c.id}`,
      evidence: [],
    }));
    for (const body of [run.body, submit.body]) {
      const row = (await findGrading(t.database.db, body.id))!;
      await recordGrading(t.database.db, row, {
        kind: 'judged',
        checks,
        diagnostics: [],
        score: 50,
        wallMs: 10,
      });
    }
    const hidden = challenge.manifest.checks.filter((c) => !c.visible);
    const runView = await a.client.get(`/api/candidate/attempt/gradings/${run.body.id}`);
    expect(runView.body.checks).toHaveLength(challenge.manifest.checks.length - hidden.length);
    const submitView = await a.client.get(`/api/candidate/attempt/gradings/${submit.body.id}`);
    expect(submitView.body.checks).toHaveLength(challenge.manifest.checks.length);
    const text = JSON.stringify(submitView.body);
    for (const check of hidden) {
      expect(text).not.toContain(check.id);
      expect(text).not.toContain(`secret message of ${check.id}`);
    }
    expect(submitView.body.checks.filter((c: { visible: boolean }) => !c.visible)).toHaveLength(
      hidden.length,
    );

    const b = await enteredCandidate();
    expect((await b.client.get(`/api/candidate/attempt/gradings/${submit.body.id}`)).status).toBe(404);

    const staff = t.app.client();
    await staff.post('/api/staff/sign-in', { email: org.manager.email, password: PASSWORD });
    const table = await staff.get(`/api/staff/assessments/${org.assessmentId}/attempts`);
    const row = table.body.attempts.find((r: { id: string }) => r.id === a.attemptId);
    expect(row.status).toBe('graded');
    for (const dimension of challenge.manifest.dimensions) {
      const own = checks.filter((c) => c.dimension === dimension);
      const expected =
        own.reduce((n, c) => n + c.weight * c.score, 0) / own.reduce((n, c) => n + c.weight, 0);
      expect(row.scores[dimension].score).toBeCloseTo(expected * 100, 1);
      expect(row.scores[dimension].checkCount).toBe(own.length);
    }
  });
});
