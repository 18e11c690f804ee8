import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { drawValues } from '../../server/challenges/parameters.ts';
import { markAttemptSubmitted } from '../../server/queries/attempts.ts';
import { insertGrading } from '../../server/queries/gradings.ts';
import { recordGrading } from '../../server/scoring/record.ts';
import { setUpTestApp } from '../support/app.ts';
import {
  createInvitation,
  createOrganisation,
  createStaffMember,
  PASSWORD,
  storeSubmission,
  type TestOrganisation,
} from '../support/factories.ts';

/**
 * Percentiles, reviewer calibration and check statistics through the real routes and database:
 * computed from the organisation's submitted, graded attempts only, and calibration and check
 * statistics for its managers only.
 */
const SLUGS = ['terraform-refactor', 'cicd-canary'];
const DIMENSIONS = ['architecture', 'iac', 'cicd', 'security', 'operations'];
const t = setUpTestApp();
let org: TestOrganisation;
let other: TestOrganisation;
let lenient: { id: string; email: string };
/** Graded candidates of org by rising terraform-refactor score. */
const graded: string[] = [];
let ungraded: string;
let unsubmitted: string;
let onlyLenient: string;
let outsider: string;

const checksOf = (slug: string) => t.app.deps.catalogue.challenges.get(slug)!.manifest.checks;
/** The first `passing` checks pass, the rest fail. */
const passing = (slug: string, count: number) =>
  Object.fromEntries(checksOf(slug).map((c, i) => [c.id, i < count ? 1 : 0]));

async function signedIn(email: string) {
  const client = t.app.client();
  expect((await client.post('/api/staff/sign-in', { email, password: PASSWORD })).status).toBe(200);
  return client;
}

async function gradedCandidate(o: TestOrganisation, terraform: number, canary: number): Promise<string> {
  const { attemptId } = await createInvitation(t.database.db, o, { name: `Candidate ${terraform}` });
  const catalogue = t.app.deps.catalogue;
  await storeSubmission(t.database.db, catalogue, attemptId, 'terraform-refactor', {
    scores: passing('terraform-refactor', terraform),
  });
  await storeSubmission(
    t.database.db,
    catalogue,
    attemptId,
    'cicd-canary',
    { scores: passing('cicd-canary', canary) },
    { submitAttempt: true },
  );
  return attemptId;
}

const review = (rating: number) => ({
  ratings: Object.fromEntries(DIMENSIONS.map((d) => [d, { rating }])),
  recommendation: 'yes',
});

beforeAll(async () => {
  org = await createOrganisation(t.database.db, SLUGS);
  other = await createOrganisation(t.database.db, SLUGS);
  lenient = await createStaffMember(t.database.db, org, 'interviewer', 'Lenient Lee');
  // Rising terraform scores; the first two tie on the canary.
  for (const [terraform, canary] of [
    [2, 2],
    [5, 2],
    [9, 5],
    [13, 7],
  ] as const) {
    graded.push(await gradedCandidate(org, terraform, canary));
  }
  // Another organisation's strong candidates must not move org's percentiles.
  outsider = await gradedCandidate(other, 13, 7);
  await gradedCandidate(other, 13, 7);

  // Submitted, but a grading still queued: not graded.
  ungraded = (await createInvitation(t.database.db, org, { name: 'Queued Quinn' })).attemptId;
  await storeSubmission(t.database.db, t.app.deps.catalogue, ungraded, 'terraform-refactor', {
    scores: passing('terraform-refactor', 13),
  });
  await insertGrading(t.database.db, {
    organisationId: org.organisationId,
    attemptId: ungraded,
    challengeSlug: 'cicd-canary',
    kind: 'submit',
    files: [],
  });
  await markAttemptSubmitted(t.database.db, ungraded);
  // Graded challenges, and a perfect check run, but never submitted: practice, not a result.
  unsubmitted = (await createInvitation(t.database.db, org, { name: 'Unsent Uma' })).attemptId;
  await storeSubmission(t.database.db, t.app.deps.catalogue, unsubmitted, 'terraform-refactor', {
    scores: passing('terraform-refactor', 13),
  });
  const run = await insertGrading(t.database.db, {
    organisationId: org.organisationId,
    attemptId: graded[0]!,
    challengeSlug: 'terraform-refactor',
    kind: 'run',
    files: [],
  });
  await recordGrading(t.database.db, run, {
    kind: 'judged',
    checks: checksOf('terraform-refactor').map((c) => ({
      ...c,
      passed: true,
      score: 1,
      message: '',
      evidence: [],
    })),
    diagnostics: [],
    score: 100,
    wallMs: 1,
  });

  // The steady interviewer rates 2, the lenient one 3, on the same three attempts; the lenient
  // one alone rates a fourth.
  const steady = await signedIn(org.interviewer.email);
  const lee = await signedIn(lenient.email);
  for (const attemptId of graded.slice(0, 3)) {
    expect((await steady.post(`/api/staff/attempts/${attemptId}/review`, review(2))).status).toBe(201);
    expect((await lee.post(`/api/staff/attempts/${attemptId}/review`, review(3))).status).toBe(201);
  }
  onlyLenient = graded[3]!;
  expect((await lee.post(`/api/staff/attempts/${onlyLenient}/review`, review(3))).status).toBe(201);
});

describe('percentiles', () => {
  it('ranks each candidate among the organisation’s submitted, graded attempts, per challenge and dimension', async () => {
    const manager = await signedIn(org.manager.email);
    const reply = await manager.get(`/api/staff/assessments/${org.assessmentId}/comparison`);
    expect(reply.status).toBe(200);
    expect(reply.body.challenges.map((c: { slug: string }) => c.slug)).toEqual(SLUGS);
    const of = (id: string) => reply.body.candidates.find((c: { attemptId: string }) => c.attemptId === id);
    // Four graded candidates, rising: mid-ranks (0 + 1/2)/4 … (3 + 1/2)/4.
    expect(graded.map((id) => of(id).percentiles.challenges['terraform-refactor'].percentile)).toEqual([
      12.5, 37.5, 62.5, 87.5,
    ]);
    for (const id of graded) {
      expect(of(id).percentiles.challenges['terraform-refactor']).toMatchObject({
        cohort: 4,
        provisional: true,
      });
      const stored = await t.database.db.query<{ score: number }>(
        `select score::float8 as score from gradings
         where attempt_id = $1 and challenge_slug = 'terraform-refactor' and kind = 'submit'`,
        [id],
      );
      expect(of(id).percentiles.challenges['terraform-refactor'].score).toBe(stored.rows[0]?.score);
    }
    // The first two tie on the canary: the same percentile, (0 + 2/2)/4.
    expect(of(graded[0]!).percentiles.challenges['cicd-canary'].percentile).toBe(25);
    expect(of(graded[1]!).percentiles.challenges['cicd-canary'].percentile).toBe(25);
    // Per dimension, over the same four, in the order of their auto scores.
    for (const dimension of reply.body.dimensions.map((d: { id: string }) => d.id)) {
      const scores = graded.map((id) => of(id).auto[dimension].score as number);
      for (const [i, id] of graded.entries()) {
        const figure = of(id).percentiles.dimensions[dimension];
        expect(figure.cohort).toBe(4);
        const below = scores.filter((s) => s < scores[i]!).length;
        const tied = scores.filter((s) => s === scores[i]).length;
        expect(figure.percentile).toBe(Math.round(((below + tied / 2) / 4) * 1000) / 10);
      }
    }
    // Not graded, not submitted: no percentile, and counted in nobody's cohort.
    expect(of(ungraded).percentiles).toEqual({ dimensions: {}, challenges: {} });
    expect(of(unsubmitted).percentiles).toEqual({ dimensions: {}, challenges: {} });
  });

  it('shows the same percentiles in the report, to interviewers too, and in the CSV', async () => {
    const manager = await signedIn(org.manager.email);
    const comparison = (await manager.get(`/api/staff/assessments/${org.assessmentId}/comparison`)).body;
    const top = comparison.candidates.find((c: { attemptId: string }) => c.attemptId === graded[3]);
    for (const email of [org.manager.email, org.interviewer.email]) {
      const report = (await (await signedIn(email)).get(`/api/staff/attempts/${graded[3]}`)).body;
      expect(report.percentiles).toEqual(top.percentiles);
    }
    const csv = await manager.get(`/api/staff/assessments/${org.assessmentId}/comparison.csv`);
    expect(csv.status).toBe(200);
    const [header, ...lines] = parse(csv.body as string) as string[][];
    const line = lines.find((l) => l.includes(top.candidateName) && l.includes(top.candidateEmail))!;
    const cell = (name: string) => line[header!.indexOf(name)];
    expect(cell('Infrastructure as code percentile')).toBe(String(top.percentiles.dimensions.iac.percentile));
    expect(cell('Infrastructure as code cohort')).toBe('4');
    expect(cell('Infrastructure as code percentile provisional')).toBe('yes');
    const terraformTitle = comparison.challenges[0].title;
    expect(cell(`${terraformTitle} percentile`)).toBe('87.5');
    expect(cell('Infrastructure as code interviewers calibrated')).toBe(String(top.calibrated.iac));
  });

  it('keeps organisations apart: the other one’s cohort is its own two', async () => {
    const manager = await signedIn(other.manager.email);
    const report = (await manager.get(`/api/staff/attempts/${outsider}`)).body;
    // Two tied candidates: (0 + 2/2)/2.
    expect(report.percentiles.challenges['terraform-refactor']).toMatchObject({ percentile: 50, cohort: 2 });
    expect((await manager.get(`/api/staff/attempts/${graded[0]}`)).status).toBe(404);
  });
});

describe('percentiles of variants (#17)', () => {
  /** The first seed of `slug` that draws `value` for its parameter `name`. */
  const seedDrawing = (slug: string, name: string, value: string) => {
    const parameters = t.app.deps.catalogue.challenges.get(slug)!.manifest.parameters;
    for (let seed = 1; ; seed++) if (drawValues(slug, parameters, seed)[name] === value) return seed;
  };
  async function gradedVariant(o: TestOrganisation, slug: string, variantSeed: number, passed: number) {
    const { attemptId } = await createInvitation(t.database.db, o, { variantSeed });
    await storeSubmission(
      t.database.db,
      t.app.deps.catalogue,
      attemptId,
      slug,
      { scores: passing(slug, passed) },
      { submitAttempt: true },
    );
    return attemptId;
  }

  it('ranks a live incident’s candidates among those who had the same hidden fault', async () => {
    const o = await createOrganisation(t.database.db, ['bad-gateway']);
    const port = seedDrawing('bad-gateway', 'fault', 'stale-upstream-port');
    const tls = seedDrawing('bad-gateway', 'fault', 'upstream-tls');
    // The default fault's three (one of them from before variants: no seed), and two with TLS.
    const portIds = [
      await gradedVariant(o, 'bad-gateway', port, 1),
      await gradedVariant(o, 'bad-gateway', port, 3),
    ];
    const { attemptId: unseeded } = await createInvitation(t.database.db, o);
    await storeSubmission(
      t.database.db,
      t.app.deps.catalogue,
      unseeded,
      'bad-gateway',
      { scores: passing('bad-gateway', 5) },
      { submitAttempt: true },
    );
    const tlsIds = [
      await gradedVariant(o, 'bad-gateway', tls, 2),
      await gradedVariant(o, 'bad-gateway', tls, 4),
    ];
    const manager = await signedIn(o.manager.email);
    const figure = async (id: string) =>
      (await manager.get(`/api/staff/attempts/${id}`)).body.percentiles.challenges['bad-gateway'];
    // Among the three of the default fault: mid-ranks 1/6, 1/2, 5/6.
    expect(await Promise.all([...portIds, unseeded].map(figure))).toMatchObject([
      { percentile: 16.7, cohort: 3 },
      { percentile: 50, cohort: 3 },
      { percentile: 83.3, cohort: 3 },
    ]);
    // The two with TLS: their own cohort, whatever the others scored.
    expect(await Promise.all(tlsIds.map(figure))).toMatchObject([
      { percentile: 25, cohort: 2 },
      { percentile: 75, cohort: 2 },
    ]);
    // The dimensions follow: operations is ranked within the same fault.
    expect(
      (await manager.get(`/api/staff/attempts/${tlsIds[0]}`)).body.percentiles.dimensions.operations,
    ).toMatchObject({
      cohort: 2,
    });
  });

  it('pools variants that differ only in the names the brief states', async () => {
    const o = await createOrganisation(t.database.db, ['alert-rules']);
    const ids = [
      await gradedVariant(o, 'alert-rules', seedDrawing('alert-rules', 'service', 'orders-api'), 2),
      await gradedVariant(o, 'alert-rules', seedDrawing('alert-rules', 'service', 'search-api'), 4),
    ];
    const manager = await signedIn(o.manager.email);
    const figures = await Promise.all(
      ids.map(
        async (id) =>
          (await manager.get(`/api/staff/attempts/${id}`)).body.percentiles.challenges['alert-rules'],
      ),
    );
    expect(figures).toMatchObject([
      { percentile: 25, cohort: 2 },
      { percentile: 75, cohort: 2 },
    ]);
  });
});

describe('reviewer calibration', () => {
  it('shows managers each interviewer’s offset from the panel and a calibrated mean beside the raw one', async () => {
    const manager = await signedIn(org.manager.email);
    const comparison = (await manager.get(`/api/staff/assessments/${org.assessmentId}/comparison`)).body;
    const byName = (name: string) =>
      comparison.reviewers.find((r: { reviewerName: string }) => r.reviewerName === name);
    expect(byName('Lenient Lee')).toMatchObject({
      offset: 1,
      spread: 0,
      sharedRatings: 15,
      sharedAttempts: 3,
    });
    expect(byName('Interviewer')).toMatchObject({ offset: -1, spread: 0, sharedRatings: 15 });
    // Symmetric, 15 shared ratings each: a gap of 15/(15 + 5) = 0.75, split half and half.
    expect(byName('Lenient Lee').correction).toBeCloseTo(0.375, 3);
    const alone = comparison.candidates.find((c: { attemptId: string }) => c.attemptId === onlyLenient);
    expect(alone.manual.iac.mean).toBe(3);
    expect(alone.calibrated.iac).toBe(2.63);
    const shared = comparison.candidates.find((c: { attemptId: string }) => c.attemptId === graded[0]);
    expect(shared.manual.iac.mean).toBe(2.5);
    expect(shared.calibrated.iac).toBe(2.5);

    const page = (await manager.get(`/api/staff/attempts/${onlyLenient}`)).body;
    expect(page.calibration.calibrated.iac).toBe(2.63);
    expect(page.calibration.reviewers).toHaveLength(1);
    expect(page.calibration.reviewers[0]).toMatchObject({ reviewerName: 'Lenient Lee', offset: 1 });
    expect(page.calibration.reviewers[0].reviewId).toBe(page.reviews[0].id);
  });

  it('gives interviewers no calibration of anyone', async () => {
    for (const email of [org.interviewer.email, lenient.email]) {
      const page = (await (await signedIn(email)).get(`/api/staff/attempts/${graded[0]}`)).body;
      expect(page.calibration).toBeNull();
      expect(JSON.stringify(page)).not.toContain('correction');
    }
  });
});

describe('check statistics', () => {
  it('gives managers each check’s pass rate and discrimination over graded submissions, without titles or messages', async () => {
    const manager = await signedIn(org.manager.email);
    const reply = await manager.get('/api/staff/challenges/check-statistics');
    expect(reply.status).toBe(200);
    const terraform = reply.body.challenges.find((c: { slug: string }) => c.slug === 'terraform-refactor');
    expect(terraform).toMatchObject({ submissions: 4, provisional: true });
    const checks = checksOf('terraform-refactor');
    expect(checks).toHaveLength(13);
    // Passing the first 2, 5, 9 and 13 checks: the first two pass for all four.
    expect(terraform.checks[0]).toMatchObject({
      checkId: checks[0]!.id,
      judged: 4,
      passed: 4,
      passRate: 1,
      flag: 'nearly_everyone',
    });
    expect(terraform.checks[6]).toMatchObject({ passed: 2, passRate: 0.5, flag: null });
    expect(terraform.checks[6].discrimination).toBeGreaterThan(0.8);
    expect(terraform.checks[12]).toMatchObject({ passed: 1, passRate: 0.25 });
    const text = JSON.stringify(reply.body);
    for (const check of checks) expect(text).not.toContain(check.title);
    expect(text).not.toContain('scored');

    const theirs = (await (await signedIn(other.manager.email)).get('/api/staff/challenges/check-statistics'))
      .body;
    expect(theirs.challenges.find((c: { slug: string }) => c.slug === 'terraform-refactor').submissions).toBe(
      2,
    );
  });

  it('is for managers only', async () => {
    const interviewer = await signedIn(org.interviewer.email);
    expect((await interviewer.get('/api/staff/challenges/check-statistics')).status).toBe(403);
    expect((await t.app.client().get('/api/staff/challenges/check-statistics')).status).toBe(401);
  });
});
