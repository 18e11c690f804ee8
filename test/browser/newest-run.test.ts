import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { loadCatalogue } from '../../server/challenges/load.ts';
import { configWith } from '../../server/config.ts';
import { recordingQueue } from '../support/app.ts';
import {
  CLIENT_DIST,
  launchChromium,
  requireBuiltClient,
  startAndEditMainTf,
  waitUntilSaved,
} from '../support/browser.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { createInvitation, createOrganisation, type TestOrganisation } from '../support/factories.ts';
import { listen } from '../support/http.ts';

// No worker runs here: every check run stays queued, so which one replaces which is certain.
let database: TestDatabase;
let browser: Browser;
let server: Awaited<ReturnType<typeof listen>>;
let org: TestOrganisation;

beforeAll(async () => {
  requireBuiltClient();
  database = await createTestDatabase();
  const config = configWith({ SESSION_SECRET: 'browser-test-secret-1234' });
  server = await listen(
    createApp(
      { config, db: database.db, catalogue: await loadCatalogue(), queue: recordingQueue() },
      { clientDist: CLIENT_DIST },
    ),
  );
  org = await createOrganisation(database.db);
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await database?.drop();
});

const runs = async (attemptId: string) =>
  (
    await database.db.query<{ id: string; status: string }>(
      `select id, status from gradings where attempt_id = $1 and kind = 'run' order by created_at, id`,
      [attemptId],
    )
  ).rows;

/** Presses Run checks and waits until the page shows the new run queued. */
async function runChecks(page: Page, attemptId: string, count: number) {
  await page.getByTestId('run-checks').click();
  await expect.poll(async () => (await runs(attemptId)).length, { timeout: 15_000 }).toBe(count);
  await expect
    .poll(() => page.getByTestId('grading-status').getAttribute('data-status'), { timeout: 15_000 })
    .toBe('queued');
}

describe('in Chromium, only the newest check run is graded', () => {
  it('Run checks again while a run waits replaces it, and the page says so', async () => {
    const { token, attemptId } = await createInvitation(database.db, org);
    const page = await browser.newPage();
    await page.goto(`${server.baseUrl}/invite/${token}`);
    await startAndEditMainTf(page);
    await page.keyboard.type('\n# first try\n');
    await waitUntilSaved(page);
    await runChecks(page, attemptId, 1);
    await expect(page.getByTestId('grading-replaced').count()).resolves.toBe(0);

    // The run has not started: the candidate edits on and may ask again.
    await expect.poll(() => page.getByTestId('run-checks').isEnabled()).toBe(true);
    await page.keyboard.type('# second try\n');
    await waitUntilSaved(page);
    await runChecks(page, attemptId, 2);
    const notice = page.getByTestId('grading-replaced');
    await notice.waitFor({ timeout: 15_000 });
    expect(await notice.textContent()).toMatch(/earlier run had not started yet.*replaces it/);
    expect((await runs(attemptId)).map((r) => r.status)).toEqual(['superseded', 'queued']);
    await page.close();
  });

  it('a page waiting on a run that another tab replaced follows the newer run and says so', async () => {
    const { token, attemptId } = await createInvitation(database.db, org);
    const context = await browser.newContext();
    const first = await context.newPage();
    await first.goto(`${server.baseUrl}/invite/${token}`);
    await startAndEditMainTf(first);
    await first.keyboard.type('\n# from the first tab\n');
    await waitUntilSaved(first);
    await runChecks(first, attemptId, 1);
    const [older] = await runs(attemptId);

    // The same candidate in a second tab: the page opens on the waiting run, and asks again.
    const second = await context.newPage();
    await second.goto(`${server.baseUrl}/invite/${token}`);
    await expect
      .poll(() => second.getByTestId('grading-status').getAttribute('data-status'), { timeout: 15_000 })
      .toBe('queued');
    await runChecks(second, attemptId, 2);
    await second.getByTestId('grading-replaced').waitFor({ timeout: 15_000 });

    const notice = first.getByTestId('grading-replaced');
    await notice.waitFor({ timeout: 15_000 });
    expect(await notice.textContent()).toMatch(/earlier run had not started yet/);
    expect(await first.getByTestId('grading-status').getAttribute('data-status')).toBe('queued');
    expect((await runs(attemptId)).map((r) => r.status)).toEqual(['superseded', 'queued']);
    expect((await runs(attemptId))[0]?.id).toBe(older?.id);
    await context.close();
  });
});
