/**
 * Feedback to the candidate in real Chromium: a manager turns it on from the assessment page, and
 * the candidate's finished page shows a report per requirement. Every API answer the candidate's
 * page received, the rendered page (its text and its HTML) and the mail are searched for markers
 * planted in hidden checks, reviewers' notes, the reference and another candidate's figures.
 */
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { type Catalogue, loadCatalogue } from '../../server/challenges/load.ts';
import { configWith } from '../../server/config.ts';
import { markAttemptStarted, markAttemptSubmitted } from '../../server/queries/attempts.ts';
import { insertGrading } from '../../server/queries/gradings.ts';
import { recordGrading } from '../../server/scoring/record.ts';
import { recordingQueue } from '../support/app.ts';
import { CLIENT_DIST, launchChromium, requireBuiltClient, signInStaff } from '../support/browser.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { createInvitation, createOrganisation } from '../support/factories.ts';
import {
  FEEDBACK_SLUG,
  feedbackMailsOf,
  leakedMarkers,
  plantedChallengesRoot,
  plantFeedbackWorld,
  SHOWN,
} from '../support/feedback-plant.ts';
import { listen } from '../support/http.ts';

/** How long a visible state may take to appear on a busy machine (expect.poll waits 1 s by default). */
const WAIT = { timeout: 15_000 };
let database: TestDatabase;
let app: Awaited<ReturnType<typeof listen>>;
let browser: Browser;
let catalogue: Catalogue;
let planted: Awaited<ReturnType<typeof plantedChallengesRoot>>;

beforeAll(async () => {
  requireBuiltClient();
  database = await createTestDatabase();
  planted = await plantedChallengesRoot();
  catalogue = await loadCatalogue(planted.root);
  const config = configWith({ SESSION_SECRET: 'test-secret-test-secret' });
  app = await listen(
    createApp({ config, db: database.db, catalogue, queue: recordingQueue() }, { clientDist: CLIENT_DIST }),
  );
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await app?.close();
  await database?.drop();
  await planted?.remove();
});

/** A candidate's page that keeps the body of every API answer it receives. */
async function candidatePage() {
  // A context of its own: axe needs one, and no cookie is shared with the staff page.
  const page = await (await browser.newContext()).newPage();
  const answers: Promise<string>[] = [];
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('response', (response) => {
    if (new URL(response.url()).pathname.startsWith('/api/')) answers.push(response.text().catch(() => ''));
  });
  return { page, errors, answers: async () => (await Promise.all(answers)).join('\n') };
}

const requirementVerdicts = (page: Page) =>
  page
    .getByTestId('feedback-requirement')
    .evaluateAll((items) => items.map((item) => item.getAttribute('data-verdict')));

describe('feedback to the candidate', () => {
  it('is turned on from the assessment page, and the finished page shows the report without any planted marker', async () => {
    const org = await createOrganisation(database.db, [FEEDBACK_SLUG]);
    const staff = await browser.newPage();
    await signInStaff(staff, app.baseUrl, org.manager.email);
    await staff.goto(`${app.baseUrl}/staff/assessments/${org.assessmentId}`);
    const setting = staff.getByTestId('feedback-setting');
    // The switch takes input only once the saved setting (off) has loaded.
    await expect.poll(() => setting.getAttribute('data-saved'), WAIT).toBe('false');
    await setting.getByLabel('Give candidates feedback').check();
    await expect.poll(() => setting.getAttribute('data-saved'), WAIT).toBe('true');
    await expect.poll(() => setting.textContent(), WAIT).toContain('Candidates will get feedback.');
    await staff.close();

    const candidate = await plantFeedbackWorld(database.db, app.baseUrl, catalogue, org, {});
    const { page, errors, answers } = await candidatePage();
    await page.goto(`${app.baseUrl}/invite/${candidate.token}`);
    const report = page.getByTestId('candidate-feedback');
    await report.waitFor({ timeout: 15_000 });
    await expect
      .poll(() => requirementVerdicts(page), WAIT)
      .toEqual([
        'met',
        'not_met',
        'met',
        'met',
        'not_shown',
        'met',
        'met',
        'not_shown',
        'not_shown',
        'not_shown',
        'met',
        'not_shown',
      ]);
    await expect.poll(() => page.getByTestId('feedback-dimension').count(), WAIT).toBe(4);

    const text = (await page.locator('body').textContent()) ?? '';
    const html = await page.content();
    expect(text).toContain(SHOWN);
    expect(leakedMarkers(text)).toEqual([]);
    expect(leakedMarkers(html)).toEqual([]);
    const received = await answers();
    expect(received).toContain(SHOWN);
    expect(leakedMarkers(received)).toEqual([]);

    // The report itself meets WCAG 2.2 AA as axe sees it (the accessibility suite walks the pages).
    const axe = await new AxeBuilder({ page })
      .include('[data-testid="candidate-feedback"]')
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
      .analyze();
    const serious = axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);

    const mails = await feedbackMailsOf(database.db, candidate.email);
    expect(mails).toHaveLength(1);
    expect(leakedMarkers(mails.map((m) => `${m.subject}\n${m.text}\n${m.html}`).join('\n'))).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  }, 120_000);

  it('says the feedback is coming while the submission is graded, then shows it without a reload', async () => {
    const org = await createOrganisation(database.db, [FEEDBACK_SLUG]);
    await database.db.query('update assessments set candidate_feedback = true where id = $1', [
      org.assessmentId,
    ]);
    const { token, attemptId } = await createInvitation(database.db, org, { name: 'Pat Pending' });
    await markAttemptStarted(database.db, attemptId, 45);
    const grading = await insertGrading(database.db, {
      organisationId: org.organisationId,
      attemptId,
      challengeSlug: FEEDBACK_SLUG,
      kind: 'submit',
      files: [],
    });
    await markAttemptSubmitted(database.db, attemptId);

    const { page, errors } = await candidatePage();
    await page.goto(`${app.baseUrl}/invite/${token}`);
    const pending = page.getByTestId('candidate-feedback-pending');
    await expect.poll(() => pending.textContent(), WAIT).toContain('Your feedback will appear here');

    const manifest = catalogue.challenges.get(FEEDBACK_SLUG)?.manifest;
    const checks = (manifest?.checks ?? []).map((c) => ({
      ...c,
      passed: true,
      score: 1,
      message: `${c.id} holds`,
      evidence: [],
    }));
    await recordGrading(database.db, grading, {
      kind: 'judged',
      checks,
      diagnostics: [],
      score: 100,
      wallMs: 5,
    });
    // The page asks again every 5 s while pending: the report replaces the notice.
    const report = page.getByTestId('candidate-feedback');
    await report.waitFor({ timeout: 20_000 });
    await expect.poll(() => page.getByTestId('feedback-requirement').count(), WAIT).toBe(12);
    expect(await pending.count()).toBe(0);
    expect(errors).toEqual([]);
    await page.context().close();
  }, 120_000);
});
