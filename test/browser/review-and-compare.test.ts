import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { type Catalogue, loadCatalogue } from '../../server/challenges/load.ts';
import { configWith } from '../../server/config.ts';
import { insertReview } from '../../server/queries/reviews.ts';
import { recordingQueue } from '../support/app.ts';
import { buildClient, CLIENT_DIST, launchChromium, signInStaff } from '../support/browser.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import {
  createInvitation,
  createOrganisation,
  createStaffMember,
  storeSubmission,
  type TestOrganisation,
} from '../support/factories.ts';
import { listen } from '../support/http.ts';

const SLUGS = ['terraform-refactor', 'cicd-canary'];

let database: TestDatabase;
let browser: Browser;
let server: Awaited<ReturnType<typeof listen>>;
let catalogue: Catalogue;
let org: TestOrganisation;
const attempts = { strong: '', shaky: '' };

beforeAll(async () => {
  buildClient();
  database = await createTestDatabase();
  catalogue = await loadCatalogue();
  const config = configWith({ SESSION_SECRET: 'browser-test-secret-review' });
  server = await listen(
    createApp({ config, db: database.db, catalogue, queue: recordingQueue() }, { clientDist: CLIENT_DIST }),
  );
  org = await createOrganisation(database.db, SLUGS);
  const checksOf = (slug: string) => catalogue.challenges.get(slug)!.manifest.checks;
  const strong = await createInvitation(database.db, org, { name: 'Strong Sam' });
  await storeSubmission(database.db, catalogue, strong.attemptId, 'terraform-refactor', {
    scores: Object.fromEntries(checksOf('terraform-refactor').map((c, i) => [c.id, i % 4 === 0 ? 0.5 : 1])),
  });
  await storeSubmission(
    database.db,
    catalogue,
    strong.attemptId,
    'cicd-canary',
    { scores: Object.fromEntries(checksOf('cicd-canary').map((c, i) => [c.id, i % 2 === 0 ? 1 : 0])) },
    { submitAttempt: true },
  );
  const shaky = await createInvitation(database.db, org, { name: 'Shaky Sue' });
  await storeSubmission(database.db, catalogue, shaky.attemptId, 'terraform-refactor', {
    scores: Object.fromEntries(checksOf('terraform-refactor').map((c, i) => [c.id, i < 4 ? 1 : 0])),
  });
  await storeSubmission(
    database.db,
    catalogue,
    shaky.attemptId,
    'cicd-canary',
    { graderError: 'the grader timed out' },
    { submitAttempt: true },
  );
  Object.assign(attempts, { strong: strong.attemptId, shaky: shaky.attemptId });
  // Another interviewer reviewed first: the one under test must not see it before submitting.
  const first = await createStaffMember(database.db, org, 'interviewer', 'First Interviewer');
  await insertReview(database.db, {
    organisationId: org.organisationId,
    attemptId: strong.attemptId,
    reviewerId: first.id,
    recommendation: 'strong_yes',
    summary: 'SECRET-FIRST-OPINION',
    ratings: ['architecture', 'iac', 'cicd', 'security', 'operations'].map((dimension) => ({
      dimension: dimension as 'iac',
      rating: 4,
      notes: 'first notes',
    })),
  });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await database?.drop();
});

async function signIn(email: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  await signInStaff(page, server.baseUrl, email);
  return { context, page };
}

async function storedScores(attemptId: string): Promise<Map<string, number | null>> {
  const { rows } = await database.db.query<{ dimension: string; score: number | null }>(
    'select dimension, score::float8 as score from attempt_scores where attempt_id = $1',
    [attemptId],
  );
  return new Map(rows.map((r) => [r.dimension, r.score]));
}

async function storedRatingMeans(attemptId: string): Promise<Map<string, number>> {
  const { rows } = await database.db.query<{ dimension: string; mean: number }>(
    `select x.dimension, avg(x.rating)::float8 as mean from review_ratings x join reviews r on r.id = x.review_id
     where r.attempt_id = $1 group by x.dimension`,
    [attemptId],
  );
  return new Map(rows.map((r) => [r.dimension, r.mean]));
}

const shown = (score: number | null | undefined) =>
  score === null || score === undefined ? '—' : String(Math.round(score));

describe('in Chromium', () => {
  it('an interviewer reviews an attempt blind, then sees the other rating and the spread', async () => {
    const { context, page } = await signIn(org.interviewer.email);
    await page.goto(`${server.baseUrl}/staff/attempts/${attempts.strong}`);
    await page.getByTestId('review-form').waitFor();
    for (const [dimension, score] of await storedScores(attempts.strong)) {
      expect(await page.getByTestId(`auto-score-${dimension}`).textContent()).toBe(shown(score));
    }
    expect(await page.getByRole('link', { name: 'Replay' }).getAttribute('href')).toBe(
      `/staff/attempts/${attempts.strong}/replay`,
    );
    expect(await page.getByTestId('others-hidden').textContent()).toMatch(/1 other review/);
    expect(await page.content()).not.toContain('SECRET-FIRST-OPINION');

    const dimensions = ['architecture', 'iac', 'cicd', 'security', 'operations'];
    for (const d of dimensions) await page.getByTestId(`rating-${d}-2`).check();
    await page.getByTestId('notes-iac').fill('Kept the moved blocks tidy');
    await page.getByTestId('recommend-yes').check();
    await page.getByTestId('submit-review').click();

    await page.getByTestId('reviews-table').waitFor();
    expect(await page.getByTestId('spread-iac').textContent()).toBe('2');
    expect(await page.getByTestId('manual-mean-iac').textContent()).toBe('3.0');
    expect(await page.content()).toContain('SECRET-FIRST-OPINION');
    expect(await page.getByTestId('level-estimate').textContent()).toMatch(/^(junior|mid|senior|staff)$/);
    const { rows } = await database.db.query(
      `select x.rating, x.notes from review_ratings x join reviews r on r.id = x.review_id
       join staff_users u on u.id = r.reviewer_id where r.attempt_id = $1 and u.email = $2 and x.dimension = 'iac'`,
      [attempts.strong, org.interviewer.email],
    );
    expect(rows).toEqual([{ rating: 2, notes: 'Kept the moved blocks tidy' }]);
    await context.close();
  });

  it('the manager compares, sorts, filters and overlays, and the CSV holds the stored results', async () => {
    const { context, page } = await signIn(org.manager.email);
    await page.getByTestId('compare-link').click();
    await page.waitForURL(`${server.baseUrl}/staff/assessments/${org.assessmentId}/compare`);
    const rows = page.getByTestId('comparison-row');
    await expect.poll(() => rows.count()).toBe(2);
    for (const attemptId of [attempts.strong, attempts.shaky]) {
      const row = page.locator(`[data-testid="comparison-row"][data-attempt-id="${attemptId}"]`);
      const means = await storedRatingMeans(attemptId);
      for (const [dimension, score] of await storedScores(attemptId)) {
        expect(await row.getByTestId(`auto-${dimension}`).textContent()).toBe(shown(score));
        const mean = means.get(dimension);
        expect(await row.getByTestId(`manual-${dimension}`).textContent()).toBe(
          mean === undefined ? '—' : mean.toFixed(1),
        );
      }
    }
    const shakyRow = page.locator(`[data-testid="comparison-row"][data-attempt-id="${attempts.shaky}"]`);
    expect(await shakyRow.textContent()).toMatch(/grader error/);
    // Percentiles among the organisation's two graded candidates, marked provisional (#17).
    const strongRow = page.locator(`[data-testid="comparison-row"][data-attempt-id="${attempts.strong}"]`);
    expect(await strongRow.getByTestId('percentile-iac').textContent()).toMatch(
      /^P\d+ of 2 \(provisional\)$/,
    );
    expect(await strongRow.getByTestId('challenge-percentile-terraform-refactor').textContent()).toMatch(
      /: \d+ · P\d+ of 2 \(provisional\)$/,
    );
    expect(await page.getByTestId('panel-calibration').textContent()).toMatch(/First Interviewer/);

    // The catalogue shows the manager each check's pass rate over the two graded submissions.
    await page.goto(`${server.baseUrl}/staff/catalogue`);
    const entry = page.getByTestId('challenge-terraform-refactor');
    await entry.getByRole('button', { name: /^Brief and/ }).click();
    const firstCheck = catalogue.challenges.get('terraform-refactor')!.manifest.checks[0]!;
    await expect
      .poll(() => entry.getByTestId(`pass-rate-${firstCheck.id}`).textContent())
      .toMatch(/^\d+ % of 2/);
    await page.goto(`${server.baseUrl}/staff/assessments/${org.assessmentId}/compare`);
    await expect.poll(() => rows.count()).toBe(2);

    // Sorting by the iac auto score, both ways.
    const strongIac = (await storedScores(attempts.strong)).get('iac') ?? 0;
    const shakyIac = (await storedScores(attempts.shaky)).get('iac') ?? 0;
    const byIac = strongIac >= shakyIac ? ['Strong Sam', 'Shaky Sue'] : ['Shaky Sue', 'Strong Sam'];
    await page.getByTestId('sort-auto:iac').click();
    expect(await page.getByTestId('candidate-name').allTextContents()).toEqual(byIac);
    await page.getByTestId('sort-auto:iac').click();
    expect(await page.getByTestId('candidate-name').allTextContents()).toEqual([...byIac].reverse());

    await page.getByTestId('comparison-filter').fill('shaky');
    await expect.poll(() => rows.count()).toBe(1);
    await page.getByTestId('comparison-filter').fill('');
    await expect.poll(() => rows.count()).toBe(2);

    await page.getByTestId('candidate-radar').first().waitFor();
    expect(await page.getByTestId('candidate-radar').count()).toBe(2);
    for (const box of await page.getByTestId('overlay-toggle').all()) await box.check();
    expect(await page.getByTestId('radar-overlay').locator('g[data-series]').count()).toBe(2);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('export-csv').click(),
    ]);
    const [header, ...lines] = parse(await readFile((await download.path()) ?? '', 'utf8')) as string[][];
    expect(lines).toHaveLength(2);
    const col = (name: string) => header!.indexOf(name);
    for (const line of lines) {
      const attemptId = line[col('candidate')] === 'Strong Sam' ? attempts.strong : attempts.shaky;
      const means = await storedRatingMeans(attemptId);
      for (const [dimension, score] of await storedScores(attemptId)) {
        const title = catalogue.rubric.dimensions.find((d) => d.id === dimension)!.title;
        expect(line[col(`${title} auto`)]).toBe(score === null ? '' : String(score));
        const mean = means.get(dimension);
        expect(line[col(`${title} interviewers`)]).toBe(mean === undefined ? '' : String(mean));
      }
    }
    await context.close();
  });

  it('the manager composes an assessment, invites from a CSV, revokes one and extends the other', async () => {
    const { context, page } = await signIn(org.manager.email);
    await page.goto(`${server.baseUrl}/staff/assessments`);
    await page.getByTestId('assessment-title').fill('Browser-built loop');
    await page.getByTestId('choose-terraform-refactor').check();
    await page.getByTestId('choose-alert-rules').check();
    await page.getByRole('button', { name: 'Move alert-rules up' }).click();
    await page.getByTestId('assessment-minutes').fill('80');
    await page.getByRole('button', { name: 'Create assessment' }).click();
    await page.waitForURL(/\/staff\/assessments\/[0-9a-f-]{36}$/);
    const assessmentId = page.url().split('/').pop() ?? '';
    const { rows: stored } = await database.db.query(
      `select challenge_slugs as "challengeSlugs", time_limit_minutes as "timeLimitMinutes" from assessments where id = $1`,
      [assessmentId],
    );
    expect(stored).toEqual([{ challengeSlugs: ['alert-rules', 'terraform-refactor'], timeLimitMinutes: 80 }]);

    await page
      .getByLabel(/One candidate per line/)
      .fill('name,email\nAda Lovelace,ada@example.com\nAlan Turing,alan@example.com');
    await page.getByRole('button', { name: 'Invite all' }).click();
    await expect.poll(() => page.getByTestId('invitation-link').count()).toBe(2);
    const link = (await page.getByTestId('invitation-link').first().textContent()) ?? '';
    expect(link).toMatch(new RegExp(`^${server.baseUrl}/invite/[A-Za-z0-9_-]{43}$`));
    const rows = page.getByTestId('invitation-row');
    // The links come with the invite's answer; the list of rows is fetched after it: wait for it.
    await expect
      .poll(() => rows.getByTestId('invitation-status').allTextContents())
      .toEqual(['invited', 'invited']);

    page.once('dialog', (dialog) => void dialog.accept());
    await rows.filter({ hasText: 'Ada Lovelace' }).getByRole('button', { name: 'Revoke' }).click();
    await expect
      .poll(() => rows.filter({ hasText: 'Ada Lovelace' }).getByTestId('invitation-status').textContent())
      .toBe('revoked');
    const expiry = async () =>
      (
        await database.db.query<{ expiresAt: Date }>(
          `select expires_at as "expiresAt" from invitations where candidate_email = 'alan@example.com' and assessment_id = $1`,
          [assessmentId],
        )
      ).rows[0]?.expiresAt.getTime() ?? 0;
    const before = await expiry();
    await rows.filter({ hasText: 'Alan Turing' }).getByRole('combobox').selectOption({ label: '+1 day' });
    await expect.poll(expiry).toBe(before + 24 * 3600_000);
    await context.close();
  });

  it('prints one page per candidate without the staff header', async () => {
    const { context, page } = await signIn(org.manager.email);
    await page.goto(`${server.baseUrl}/staff/attempts/${attempts.shaky}/report`);
    await page.getByTestId('report').waitFor();
    for (const [dimension, score] of await storedScores(attempts.shaky)) {
      expect(await page.getByTestId(`report-auto-${dimension}`).textContent()).toBe(shown(score));
    }
    expect(await page.getByTestId('report-percentile-iac').textContent()).toMatch(
      /^P\d+ of 2 \(provisional\)$/,
    );
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.staff-header').isVisible()).toBe(false);
    const pdf = (await page.pdf({ format: 'A4' })).toString('latin1');
    expect(pdf.match(/\/Type\s*\/Page[^s]/g)).toHaveLength(1);
    await context.close();
  });
});
