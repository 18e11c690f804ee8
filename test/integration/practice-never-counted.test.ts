import { beforeAll, describe, expect, it } from 'vitest';
import {
  claimPracticeStart,
  countPracticeCheck,
  endPractice,
  markPracticeReady,
  recordPracticeCheck,
} from '../../server/practice/queries.ts';
import { findAttempt } from '../../server/queries/attempts.ts';
import { createTestApiToken } from '../support/api-tokens.ts';
import { setUpTestApp } from '../support/app.ts';
import {
  createInvitation,
  createOrganisation,
  storeSubmission,
  type TestOrganisation,
} from '../support/factories.ts';
import { signedInManager } from '../support/feedback-plant.ts';
import type { Client } from '../support/http.ts';

/**
 * Practice is never counted (issue #16). Two candidates hand in the same submission; one of them
 * also did the practice, with a perfect check. Every place a result is read from (the review with
 * its auto scores, percentiles and level, the attempts table, the comparison with its calibration,
 * the CSV export, check statistics, the candidate data export, the REST API an ATS reads, the
 * webhook events, the candidate's feedback) must say exactly the same about both, and nothing
 * anywhere may name the practice or carry its marker.
 */
const SLUG = 'terraform-refactor';
const MARKER = 'PRACTICEPLANTED7Q3';
const PRACTICE_WORDS = [MARKER, 'practice-warm-up', 'port-fixed', 'hello-file'];
const t = setUpTestApp();
let org: TestOrganisation;
let manager: Client;
const who = {
  practised: { name: 'Practising Ann', attemptId: '', token: '', email: '' },
  plain: { name: 'Plain Bea', attemptId: '', token: '', email: '' },
};

/** Every mention of the practice in a body, as text. */
const practiceIn = (body: unknown) => {
  const text = (typeof body === 'string' ? body : JSON.stringify(body)).toLowerCase();
  return PRACTICE_WORDS.filter((w) => text.includes(w.toLowerCase()));
};

/** A body with each candidate's own identity, and every id and time, made the same. */
function normalised(body: unknown, c: (typeof who)['practised']): string {
  return (typeof body === 'string' ? body : JSON.stringify(body))
    .replaceAll(c.attemptId, 'ATTEMPT')
    .replaceAll(c.name, 'NAME')
    .replaceAll(c.email, 'EMAIL')
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, 'ID')
    .replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z/g, 'TIME')
    .replace(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2})?/g, 'TIME');
}

beforeAll(async () => {
  const db = t.database.db;
  org = await createOrganisation(db, [SLUG]);
  manager = await signedInManager(t.app.baseUrl, org.manager.email);
  expect(
    (await manager.put(`/api/staff/assessments/${org.assessmentId}/feedback`, { candidateFeedback: true }))
      .status,
  ).toBe(200);
  for (const c of Object.values(who)) {
    const invitation = await createInvitation(db, org, { name: c.name });
    Object.assign(c, invitation);
  }
  // The practice, planted as the practice manager records it: a run whose check passed every check.
  const run = await claimPracticeStart(db, {
    organisationId: org.organisationId,
    attemptId: who.practised.attemptId,
    slug: 'practice-warm-up',
  });
  if (!run) throw new Error('the practice run was not planted');
  await markPracticeReady(db, run.id, 'planted-container', 900);
  expect(await countPracticeCheck(db, run.id, 60)).toBe(true);
  await recordPracticeCheck(db, run.id, {
    ranAt: new Date().toISOString(),
    checks: ['port-fixed', 'hello-file'].map((id) => ({
      id,
      title: `${MARKER} ${id}`,
      passed: true,
      message: MARKER,
    })),
    error: null,
  });
  await endPractice(db, run.id, 'ended', 'the assessment started');
  // Practice never starts the clock.
  expect((await findAttempt(db, who.practised.attemptId))?.startedAt).toBeNull();

  // The same submission for both: the first half of the checks pass.
  const checks = t.app.deps.catalogue.challenges.get(SLUG)?.manifest.checks ?? [];
  const scores = Object.fromEntries(checks.map((c, i) => [c.id, i < checks.length / 2 ? 1 : 0]));
  for (const c of Object.values(who))
    await storeSubmission(db, t.app.deps.catalogue, c.attemptId, SLUG, { scores }, { submitAttempt: true });
});

describe('a practice run with a perfect result', () => {
  it('is in practice_runs only, and the attempt it belongs to started with its submission', async () => {
    const { rows } = await t.database.db.query('select status, checks_run as "checksRun" from practice_runs');
    expect(rows).toEqual([{ status: 'ended', checksRun: 1 }]);
    const scores = await t.database.db.query<{ attemptId: string }>(
      'select attempt_id as "attemptId", dimension, score from attempt_scores order by attempt_id, dimension',
    );
    const of = (id: string) => scores.rows.filter((r) => r.attemptId === id).map(({ attemptId, ...r }) => r);
    expect(of(who.practised.attemptId)).toEqual(of(who.plain.attemptId));
    expect(of(who.plain.attemptId).length).toBeGreaterThan(0);
  });

  it.each([
    ['the review (auto scores, percentiles, level)', (id: string) => `/api/staff/attempts/${id}`],
    ['the candidate data export', (id: string) => `/api/staff/attempts/${id}/export`],
  ])('changes nothing in %s', async (_what, url) => {
    const answers = [];
    for (const c of [who.practised, who.plain]) {
      const reply = await manager.get(url(c.attemptId));
      expect(reply.status).toBe(200);
      expect(practiceIn(reply.body)).toEqual([]);
      answers.push(normalised(reply.body, c));
    }
    expect(answers[0]).toEqual(answers[1]);
  });

  it('changes nothing in the attempts table, the comparison (with its calibration) or its CSV', async () => {
    for (const path of ['attempts', 'comparison', 'comparison.csv']) {
      const reply = await manager.get(`/api/staff/assessments/${org.assessmentId}/${path}`);
      expect(reply.status, path).toBe(200);
      expect(practiceIn(reply.body), path).toEqual([]);
    }
    const csv = String((await manager.get(`/api/staff/assessments/${org.assessmentId}/comparison.csv`)).body);
    const line = (c: (typeof who)['practised']) => csv.split('\n').find((l) => l.includes(c.name)) ?? '';
    expect(normalised(line(who.practised), who.practised)).toEqual(normalised(line(who.plain), who.plain));
    expect(line(who.plain)).not.toBe('');
    const comparison = (await manager.get(`/api/staff/assessments/${org.assessmentId}/comparison`)).body;
    const rowOf = (c: (typeof who)['practised']) =>
      normalised(
        comparison.candidates.find((row: { attemptId: string }) => row.attemptId === c.attemptId) ?? null,
        c,
      );
    expect(rowOf(who.plain)).toMatch(/"auto":\{"/);
    expect(rowOf(who.practised)).toEqual(rowOf(who.plain));
  });

  it('is in no check statistics: the practice is not a challenge of the catalogue', async () => {
    const reply = await manager.get('/api/staff/challenges/check-statistics');
    expect(reply.status).toBe(200);
    expect(practiceIn(reply.body)).toEqual([]);
    const catalogue = await manager.get('/api/staff/challenges');
    expect(practiceIn(catalogue.body)).toEqual([]);
  });

  it('changes nothing the REST API gives an ATS, nor any webhook event', async () => {
    const token = await createTestApiToken(t.database.db, org, ['read:results']);
    const answers = [];
    for (const c of [who.practised, who.plain]) {
      const reply = await t.app
        .client()
        .request('GET', `/api/v1/attempts/${c.attemptId}`, undefined, token.headers);
      expect(reply.status).toBe(200);
      expect(practiceIn(reply.body)).toEqual([]);
      answers.push(normalised(reply.body, c));
    }
    expect(answers[0]).toEqual(answers[1]);
    const events = await t.database.db.query<{ subjectId: string; type: string; data: unknown }>(
      `select subject_id as "subjectId", type, data from webhook_events where organisation_id = $1 order by type`,
      [org.organisationId],
    );
    expect(practiceIn(events.rows)).toEqual([]);
    const graded = (c: (typeof who)['practised']) =>
      normalised(
        events.rows.filter((e) => e.subjectId === c.attemptId && e.type === 'attempt.graded'),
        c,
      );
    expect(graded(who.practised)).toEqual(graded(who.plain));
    expect(graded(who.plain)).not.toBe('[]');
  });

  it("changes nothing in the candidate's own feedback report", async () => {
    const answers = [];
    for (const c of [who.practised, who.plain]) {
      const client = t.app.client();
      expect((await client.post('/api/candidate/enter', { token: c.token })).status).toBe(204);
      const reply = await client.get('/api/candidate/attempt/feedback');
      expect(reply.status).toBe(200);
      expect(practiceIn(reply.body)).toEqual([]);
      answers.push(normalised(reply.body, c));
      // And the practice is over for a submitted attempt: the intro offers none.
      expect((await client.get('/api/candidate/practice')).body).toMatchObject({ available: false });
    }
    expect(answers[0]).toEqual(answers[1]);
  });
});
