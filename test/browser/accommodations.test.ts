/**
 * Accommodations in real Chromium: a manager gives an invited candidate +50 % and a note from the
 * invitation's row; the candidate's page then offers 68 minutes instead of 45 and the countdown
 * starts there; a live environment that would not start gives 5 minutes back, which the candidate
 * reads politely and the countdown counts; the review page shows reviewers the note and the credit.
 * (The stretched live idle limit needs a real engine; time-credits.test.ts proves it through the
 * live manager and its sweep.)
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { creditFailedStart } from '../../server/accommodations/credits.ts';
import { createApp } from '../../server/app.ts';
import { loadCatalogue } from '../../server/challenges/load.ts';
import { configWith } from '../../server/config.ts';
import { recordingQueue } from '../support/app.ts';
import { CLIENT_DIST, launchChromium, requireBuiltClient, signInStaff } from '../support/browser.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { createInvitation, createOrganisation, type TestOrganisation } from '../support/factories.ts';
import { listen } from '../support/http.ts';

const SLUG = 'terraform-refactor';
let database: TestDatabase;
let app: Awaited<ReturnType<typeof listen>>;
let browser: Browser;
let org: TestOrganisation;

beforeAll(async () => {
  requireBuiltClient();
  database = await createTestDatabase();
  const config = configWith({ SESSION_SECRET: 'test-secret-test-secret' });
  const deps = { config, db: database.db, catalogue: await loadCatalogue(), queue: recordingQueue() };
  app = await listen(createApp(deps, { clientDist: CLIENT_DIST }));
  org = await createOrganisation(database.db, [SLUG]);
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await app?.close();
  await database?.drop();
});

/** Minutes left on the countdown (h:mm:ss or m:ss). */
async function minutesLeft(page: Page): Promise<number> {
  const text = (await page.getByTestId('countdown').textContent()) ?? '';
  const parts = text.trim().split(':').map(Number);
  const seconds = parts.reduce((total, part) => total * 60 + part, 0);
  return seconds / 60;
}

describe('an accommodation in the pages', () => {
  it('changes the time the candidate is offered and the deadline; a credit shows to both sides', async () => {
    const invitation = await createInvitation(database.db, org, { name: 'Ada Accommodated' });
    const errors: string[] = [];

    const staff = await browser.newPage();
    staff.on('pageerror', (error) => errors.push(error.message));
    await signInStaff(staff, app.baseUrl, org.manager.email);
    await staff.goto(`${app.baseUrl}/staff/assessments/${org.assessmentId}`);
    const row = staff.locator(`[data-candidate-email="${invitation.email}"]`);
    // A slow answer for the saved accommodation: a choice must not be taken before it, then lost to it
    // (CI once saved "None" after "+50 %" had been chosen).
    await staff.route('**/accommodation', async (route) => {
      if (route.request().method() !== 'GET') return route.continue();
      const response = await route.fetch();
      await new Promise((resolve) => setTimeout(resolve, 1500));
      await route.fulfill({ response });
    });
    await row.getByText('Accommodation…').click();
    await row.getByLabel('Extra time').selectOption('50');
    await row.getByLabel('Note for reviewers').fill('Uses a screen reader; reads briefs twice.');
    // Once the saved accommodation is in, what was chosen still stands.
    await expect.poll(() => row.textContent()).toContain('Time limit now: 45 min.');
    expect(await row.getByLabel('Extra time').inputValue()).toBe('50');
    await row.getByRole('button', { name: 'Save accommodation' }).click();
    await expect.poll(() => row.textContent()).toContain('Time limit now: 68 min.');

    const candidate = await browser.newPage();
    candidate.on('pageerror', (error) => errors.push(error.message));
    await candidate.goto(`${app.baseUrl}/invite/${invitation.token}`);
    const start = candidate.getByRole('button', { name: /Start — 68 minutes on the clock/ });
    await start.click();
    await candidate.getByTestId('countdown').waitFor();
    await expect.poll(() => minutesLeft(candidate)).toBeGreaterThan(66.5);
    expect(await minutesLeft(candidate)).toBeLessThanOrEqual(68);
    // The reviewers' note never reaches the candidate's page.
    expect(await candidate.content()).not.toContain('screen reader');

    // The platform fails the candidate (a live environment that would not start): 5 minutes back.
    const credit = await creditFailedStart(database.db, {
      id: crypto.randomUUID(),
      attemptId: invitation.attemptId,
      challengeSlug: SLUG,
      createdAt: new Date(),
    });
    expect(credit?.appliedMinutes).toBe(5);
    await candidate.reload();
    const notice = candidate.getByRole('status').filter({ hasText: 'Time added' });
    await expect
      .poll(() => notice.textContent())
      .toContain('Time added: 5 min, because the environment did not start.');
    await expect.poll(() => minutesLeft(candidate)).toBeGreaterThan(71.5);

    await staff.goto(`${app.baseUrl}/staff/attempts/${invitation.attemptId}`);
    const summary = staff.getByRole('region', { name: 'Accommodation and time credited' });
    await expect.poll(() => summary.textContent()).toContain('Extra time: +50 % (a time limit of 68 min).');
    expect(await summary.textContent()).toContain('Note: Uses a screen reader; reads briefs twice.');
    expect(await summary.textContent()).toContain(
      '5 min added by the platform, because the environment did not start.',
    );
    expect(errors).toEqual([]);
  });
});
