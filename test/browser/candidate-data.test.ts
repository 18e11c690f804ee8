/**
 * Candidates' data in real Chromium: a manager sets the retention period on the staff page,
 * downloads one candidate's data from the attempt's page, erases it after the confirmation, and the
 * candidate's invitation link then shows the page that says their data was deleted.
 */
import { readFile } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { loadCatalogue } from '../../server/challenges/load.ts';
import { configWith } from '../../server/config.ts';
import { recordingQueue } from '../support/app.ts';
import { CLIENT_DIST, launchChromium, requireBuiltClient, signInStaff } from '../support/browser.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import {
  createInvitation,
  createOrganisation,
  storeSubmission,
  type TestOrganisation,
} from '../support/factories.ts';
import { listen } from '../support/http.ts';

const SLUG = 'terraform-refactor';
let database: TestDatabase;
let app: Awaited<ReturnType<typeof listen>>;
let browser: Browser;
let org: TestOrganisation;
let catalogue: Awaited<ReturnType<typeof loadCatalogue>>;

beforeAll(async () => {
  requireBuiltClient();
  database = await createTestDatabase();
  const config = configWith({ SESSION_SECRET: 'test-secret-test-secret' });
  catalogue = await loadCatalogue();
  const deps = { config, db: database.db, catalogue, queue: recordingQueue() };
  app = await listen(createApp(deps, { clientDist: CLIENT_DIST }));
  org = await createOrganisation(database.db, [SLUG]);
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await app?.close();
  await database?.drop();
});

describe("a candidate's data in the staff pages", () => {
  it('sets the retention period, exports the data as a JSON file, erases it after a confirmation, and the link then says so', async () => {
    const candidate = await createInvitation(database.db, org, { name: 'Nadia Exportable' });
    await storeSubmission(
      database.db,
      catalogue,
      candidate.attemptId,
      SLUG,
      { scores: {} },
      {
        submitAttempt: true,
      },
    );
    const page = await browser.newPage({ acceptDownloads: true });
    await signInStaff(page, app.baseUrl, org.manager.email);
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));

    const settings = page.getByTestId('retention-settings');
    await expect.poll(() => settings.textContent()).toContain('kept 365 days');
    await settings.locator('summary').click();
    await page.getByLabel('Retention period (days)').fill('90');
    await settings.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => settings.textContent()).toContain('kept 90 days');

    await page.goto(`${app.baseUrl}/staff/attempts/${candidate.attemptId}`);
    await page.getByRole('heading', { name: 'Nadia Exportable' }).waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export data' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`candidate-${candidate.attemptId}.json`);
    const exported = JSON.parse(await readFile((await download.path()) ?? '', 'utf8'));
    expect(exported.candidate).toMatchObject({ name: 'Nadia Exportable', email: candidate.email });

    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.accept();
    });
    await page.getByRole('button', { name: 'Erase data' }).click();
    await page.getByRole('heading', { name: 'Erased candidate' }).waitFor();
    expect(dialogs).toEqual([expect.stringContaining("Erase Nadia Exportable's data now?")]);
    expect(await page.content()).not.toContain(candidate.email);

    const link = await browser.newPage();
    await link.goto(`${app.baseUrl}/invite/${candidate.token}`);
    const panel = link.getByTestId('invitation-error');
    await expect.poll(() => panel.textContent()).toContain('Your data for this assessment has been deleted');
    expect(errors).toEqual([]);
  });
});
