import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO, seedDemo } from '../../server/seed.ts';
import { DEMO_COMPARISON } from '../../server/seed-comparison.ts';
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
const attempts: Record<string, string> = {};

const SLUGS = ['terraform-refactor', 'cicd-canary'];

async function signedIn(email: string) {
  const client = t.app.client();
  expect((await client.post('/api/staff/sign-in', { email, password: PASSWORD })).status).toBe(200);
  return client;
}

const allChecks = (slug: string, score: (index: number) => number) =>
  Object.fromEntries(
    t.app.deps.catalogue.challenges.get(slug)!.manifest.checks.map((c, i) => [c.id, score(i)]),
  );

const t = setUpTestApp();
beforeAll(async () => {
  org = await createOrganisation(t.database.db, SLUGS);
  other = await createOrganisation(t.database.db, SLUGS);
  const catalogue = t.app.deps.catalogue;
  const strong = await createInvitation(t.database.db, org, { name: 'Strong Sam' });
  await storeSubmission(t.database.db, catalogue, strong.attemptId, 'terraform-refactor', {
    scores: allChecks('terraform-refactor', () => 1),
  });
  await storeSubmission(
    t.database.db,
    catalogue,
    strong.attemptId,
    'cicd-canary',
    { scores: allChecks('cicd-canary', (i) => (i % 3 === 0 ? 0.5 : 1)) },
    { submitAttempt: true },
  );
  const weak = await createInvitation(t.database.db, org, { name: '=HYPERLINK("http://evil.example")' });
  await storeSubmission(t.database.db, catalogue, weak.attemptId, 'terraform-refactor', {
    scores: allChecks('terraform-refactor', (i) => (i < 3 ? 1 : 0)),
  });
  await storeSubmission(
    t.database.db,
    catalogue,
    weak.attemptId,
    'cicd-canary',
    { graderError: 'timeout' },
    { submitAttempt: true },
  );
  const waiting = await createInvitation(t.database.db, org, { name: 'Waiting Wu' });
  Object.assign(attempts, { strong: strong.attemptId, weak: weak.attemptId, waiting: waiting.attemptId });

  const interviewer = await signedIn(org.interviewer.email);
  const dims = ['architecture', 'iac', 'cicd', 'security', 'operations'];
  await interviewer.post(`/api/staff/attempts/${strong.attemptId}/review`, {
    ratings: Object.fromEntries(dims.map((d) => [d, { rating: 4 }])),
    recommendation: 'strong_yes',
  });
});

describe('comparing candidates', () => {
  it('puts auto scores recomputed from the stored results beside the interviewers’ ratings', async () => {
    const manager = await signedIn(org.manager.email);
    const reply = await manager.get(`/api/staff/assessments/${org.assessmentId}/comparison`);
    expect(reply.status).toBe(200);
    expect(reply.body.dimensions.map((d: { id: string }) => d.id)).toEqual([
      'architecture',
      'iac',
      'cicd',
      'security',
      'operations',
    ]);
    expect(reply.body.candidates).toHaveLength(3);
    const { rows } = await t.database.db.query<{
      attemptId: string;
      dimension: string;
      score: number | null;
      checkCount: number;
    }>(
      `select attempt_id as "attemptId", dimension, score::float8 as score, check_count as "checkCount"
       from attempt_scores where attempt_id = any($1::uuid[])`,
      [Object.values(attempts)],
    );
    expect(rows.length).toBe(10);
    for (const row of rows) {
      const candidate = reply.body.candidates.find(
        (c: { attemptId: string }) => c.attemptId === row.attemptId,
      );
      expect(candidate.auto[row.dimension]).toMatchObject({ score: row.score, checkCount: row.checkCount });
    }
    const byName = (name: string) =>
      reply.body.candidates.find((c: { candidateName: string }) => c.candidateName === name);
    const strong = byName('Strong Sam');
    expect(strong).toMatchObject({ status: 'graded', reviewCount: 1 });
    expect(strong.manual.iac).toEqual({ mean: 4, count: 1, spread: null });
    expect(strong.recommendations.strong_yes).toBe(1);
    expect(strong.level.provisional).toBe(false);
    expect(['senior', 'staff']).toContain(strong.level.level);

    const weak = byName('=HYPERLINK("http://evil.example")');
    const canaryCicd = t.app.deps.catalogue.challenges
      .get('cicd-canary')!
      .manifest.checks.filter((c) => c.dimension === 'cicd').length;
    expect(weak.auto.cicd).toEqual({ score: null, checkCount: 0, graderErrorChecks: canaryCicd });
    expect(weak.level.provisional).toBe(true);
    expect(byName('Waiting Wu')).toMatchObject({ status: 'invited', reviewCount: 0, level: { level: null } });
  });

  it('exports the same numbers as CSV, with formulas defused', async () => {
    const manager = await signedIn(org.manager.email);
    const json = (await manager.get(`/api/staff/assessments/${org.assessmentId}/comparison`)).body;
    const response = await fetch(
      `${t.app.baseUrl}/api/staff/assessments/${org.assessmentId}/comparison.csv`,
      {
        headers: { cookie: (await loginCookie(org.manager.email)) ?? '' },
      },
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(response.headers.get('content-disposition')).toMatch(/attachment; filename=".*-comparison\.csv"/);
    const [header, ...lines] = parse(await response.text()) as string[][];
    expect(lines).toHaveLength(json.candidates.length);
    const column = (name: string) => header!.indexOf(name);
    for (const [index, candidate] of json.candidates.entries()) {
      const line = lines[index]!;
      const expectedName = candidate.candidateName.startsWith('=')
        ? `'${candidate.candidateName}`
        : candidate.candidateName;
      expect(line[column('candidate')]).toBe(expectedName);
      for (const d of json.dimensions) {
        const auto = candidate.auto[d.id];
        expect(line[column(`${d.title} auto`)]).toBe(auto.score === null ? '' : String(auto.score));
        expect(line[column(`${d.title} checks`)]).toBe(String(auto.checkCount));
        expect(line[column(`${d.title} grader-error checks`)]).toBe(String(auto.graderErrorChecks));
        const manual = candidate.manual[d.id];
        expect(line[column(`${d.title} interviewers`)]).toBe(manual.mean === null ? '' : String(manual.mean));
      }
      expect(line[column('level')]).toBe(candidate.level.level ?? '');
      expect(line[column('strong yes')]).toBe(String(candidate.recommendations.strong_yes));
    }
  });

  it('is for managers of the organisation only', async () => {
    const interviewer = await signedIn(org.interviewer.email);
    const refused = await interviewer.get(`/api/staff/assessments/${org.assessmentId}/comparison`);
    expect(refused.status).toBe(403);
    expect((await interviewer.get(`/api/staff/assessments/${org.assessmentId}/comparison.csv`)).status).toBe(
      403,
    );
    const outsider = await signedIn(other.manager.email);
    for (const path of ['comparison', 'comparison.csv']) {
      const reply = await outsider.get(`/api/staff/assessments/${org.assessmentId}/${path}`);
      expect(reply.status).toBe(404);
      expect(JSON.stringify(reply.body)).not.toContain('Strong Sam');
    }
    expect((await t.app.client().get(`/api/staff/assessments/${org.assessmentId}/comparison`)).status).toBe(
      401,
    );
  });
});

describe('the demo organisation', () => {
  it('seeds once a multi-challenge assessment whose graded candidates can be compared, even into an older demo', async () => {
    const catalogue = t.app.deps.catalogue;
    // An organisation seeded before this demo existed gets it added at the next start, once.
    await seedDemo(t.database.db, t.app.deps.config);
    await seedDemo(t.database.db, t.app.deps.config, { catalogue });
    await seedDemo(t.database.db, t.app.deps.config, { catalogue });
    const manager = t.app.client();
    await manager.post('/api/staff/sign-in', { email: DEMO.manager.email, password: DEMO.manager.password });
    const list = await manager.get('/api/staff/assessments');
    const demo = list.body.assessments.filter((a: { title: string }) => a.title === DEMO_COMPARISON.title);
    expect(demo).toHaveLength(1);
    expect(demo[0].challengeSlugs).toEqual(DEMO_COMPARISON.challengeSlugs);
    const comparison = (await manager.get(`/api/staff/assessments/${demo[0].id}/comparison`)).body;
    expect(comparison.candidates).toHaveLength(DEMO_COMPARISON.candidates.length);
    expect(comparison.candidates.every((c: { status: string }) => c.status === 'graded')).toBe(true);
    const lena = comparison.candidates.find(
      (c: { candidateName: string }) => c.candidateName === 'Lena Novak',
    );
    expect(lena.auto.cicd.graderErrorChecks).toBeGreaterThan(0);
    const levels = new Set(comparison.candidates.map((c: { level: { level: string } }) => c.level.level));
    expect(levels.size).toBeGreaterThan(1);
    const stored = await t.database.db.query<{ n: number }>(
      `select count(*)::int as n from attempt_scores s join attempts t on t.id = s.attempt_id
       where t.assessment_id = $1 and s.score is not null`,
      [demo[0].id],
    );
    expect(stored.rows[0]?.n).toBeGreaterThan(0);
  });
});

describe('the demo’s live incidents', () => {
  it('seeds one live-incident invitation whose link opens the two live challenges', async () => {
    const first = await seedDemo(t.database.db, t.app.deps.config);
    const again = await seedDemo(t.database.db, t.app.deps.config);
    expect(again.incidentToken).toBe(first.incidentToken);
    const { rows } = await t.database.db.query<{ n: number }>(
      'select count(*)::int as n from assessments where title = $1',
      [DEMO.incidents.title],
    );
    expect(rows[0]?.n).toBe(1);
    const candidate = t.app.client();
    expect((await candidate.post('/api/candidate/enter', { token: first.incidentToken })).status).toBe(204);
    const attempt = (await candidate.get('/api/candidate/attempt')).body;
    expect(attempt.challenges.map((c: { slug: string; mode: string }) => [c.slug, c.mode])).toEqual([
      ['pegged-database', 'live'],
      ['bad-gateway', 'live'],
    ]);
  });
});

async function loginCookie(email: string): Promise<string | undefined> {
  const response = await fetch(`${t.app.baseUrl}/api/staff/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  return response.headers.getSetCookie()[0]?.split(';')[0];
}
