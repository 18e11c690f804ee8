import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_DIST, launchChromium, requireBuiltClient } from '../support/browser.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { createInvitation, createOrganisation, type TestOrganisation } from '../support/factories.ts';
import { type LiveTestApp, startLiveTestApp } from '../support/live.ts';

const SLUG = 'pegged-database';
let database: TestDatabase;
let app: LiveTestApp;
let browser: Browser;
let org: TestOrganisation;

beforeAll(async () => {
  requireBuiltClient();
  database = await createTestDatabase();
  app = await startLiveTestApp(database.db, { clientDist: CLIENT_DIST });
  org = await createOrganisation(database.db, [SLUG]);
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
  await database?.drop();
});

describe('in Chromium', () => {
  it('a candidate types into the live terminal, sees the real database answer, and gets it back after a reload', async () => {
    const { token } = await createInvitation(database.db, org, { name: 'Terminal Candidate' });
    const page = await browser.newPage();
    const offSite: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(app.baseUrl)) offSite.push(request.url());
    });
    await page.goto(`${app.baseUrl}/invite/${token}`);
    await page.getByTestId('start-attempt').click();

    const terminal = page.getByTestId('terminal');
    await terminal.locator('.xterm-rows').getByText('sre@orders-db').first().waitFor({ timeout: 30_000 });
    await terminal.click();
    await page.keyboard.type('psql -X -At -c "select count(*) from customers"');
    await page.keyboard.press('Enter');
    await terminal
      .locator('.xterm-rows')
      .getByText(/^100000\s*$/)
      .waitFor();

    // Ctrl-C reaches the shell through the TTY: the sleep ends and the prompt answers again.
    await page.keyboard.type('sleep 100');
    await page.keyboard.press('Enter');
    await page.waitForTimeout(500);
    await page.keyboard.press('Control+c');
    await page.keyboard.type('echo back-$((40 + 2))');
    await page.keyboard.press('Enter');
    await terminal
      .locator('.xterm-rows')
      .getByText(/^back-42\s*$/)
      .waitFor({ timeout: 5000 });

    // A reload reconnects to the same environment: the file written before it is still there.
    await page.keyboard.type('echo survived > ~/before-reload');
    await page.keyboard.press('Enter');
    await page.waitForTimeout(300);
    await page.reload();
    await terminal.locator('.xterm-rows').getByText('sre@orders-db').first().waitFor({ timeout: 30_000 });
    await terminal.click();
    await page.keyboard.type('cat ~/before-reload');
    await page.keyboard.press('Enter');
    await terminal
      .locator('.xterm-rows')
      .getByText(/^survived\s*$/)
      .waitFor();
    expect(await app.environments.list()).toHaveLength(1);
    expect(offSite).toEqual([]);
    await page.close();
  });
});
