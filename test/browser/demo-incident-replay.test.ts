import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { loadCatalogue } from '../../server/challenges/load.ts';
import { configWith } from '../../server/config.ts';
import { DEMO, seedDemo } from '../../server/seed.ts';
import { recordingQueue } from '../support/app.ts';
import { CLIENT_DIST, launchChromium, requireBuiltClient } from '../support/browser.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { listen } from '../support/http.ts';

/**
 * The demo's on-call candidate as an interviewer sees her after `npm start`: the replay plays her
 * recorded terminal session beside her note (the 502 before her first check run, the fixed shop at
 * the end), the timeline lists her runs with their results, and the review page shows her scores.
 */
let database: TestDatabase;
let browser: Browser;
let server: Awaited<ReturnType<typeof listen>>;
let attemptId: string;

beforeAll(async () => {
  requireBuiltClient();
  database = await createTestDatabase();
  const config = configWith({ SESSION_SECRET: 'browser-test-secret-1234' });
  const catalogue = await loadCatalogue();
  await seedDemo(database.db, config, { catalogue });
  const { rows } = await database.db.query<{ id: string }>(
    `select t.id from attempts t join invitations i on i.id = t.invitation_id where i.candidate_email = $1`,
    ['mei@example.com'],
  );
  attemptId = rows[0]?.id ?? '';
  server = await listen(
    createApp({ config, db: database.db, catalogue, queue: recordingQueue() }, { clientDist: CLIENT_DIST }),
  );
  browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await database?.drop();
});

async function signInAsDemoInterviewer(page: Page) {
  await page.goto(`${server.baseUrl}/`);
  await page.getByTestId('sign-in-email').fill(DEMO.interviewer.email);
  await page.getByTestId('sign-in-password').fill(DEMO.interviewer.password);
  await page.getByTestId('sign-in-submit').click();
  await page.waitForURL(/\/staff/);
}

/** What the replay's xterm shows now (its rows; Chromium renders spaces as no-break spaces). */
const terminalText = async (page: Page) =>
  ((await page.locator('.xterm-rows').textContent()) ?? '').replace(/\s/g, ' ');

describe('in Chromium', () => {
  it('replays the demo’s on-call candidate: her terminal at each moment, her runs, her scores', {
    timeout: 120_000,
  }, async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    await signInAsDemoInterviewer(page);
    await page.goto(`${server.baseUrl}/staff/attempts/${attemptId}/replay`);
    const status = page.getByTestId('replay-status');
    await expect
      .poll(async () => (await status.textContent()) ?? '', { timeout: 30_000 })
      .toMatch(/Event (\d+) of \1\b/);
    // The end: her last look at the log volume, after the fix.
    await expect
      .poll(() => terminalText(page), { timeout: 30_000 })
      .toMatch(/16M\s+4\.0K\s+16M\s+1% \/var\/log\/shop/);
    const moments = page.getByTestId('replay-moments');
    expect(await moments.textContent()).toMatch(
      /ran the checks: 2\/6 passed.*ran the checks: 6\/6 passed.*submitted: 6\/6 passed/,
    );
    expect(await moments.textContent()).toMatch(/away from the window/);

    // Her first check run: the port was fixed, the shop still answered 502.
    await moments.getByRole('button', { name: /ran the checks: 2\/6 passed/ }).click();
    await expect.poll(() => terminalText(page), { timeout: 30_000 }).toContain('HTTP/1.1 502 Bad Gateway');
    await expect.poll(() => terminalText(page)).toContain('nginx -t');

    // The review page: her auto scores from the recorded verdicts, and the demo interviewer's review.
    await page.goto(`${server.baseUrl}/staff/attempts/${attemptId}`);
    await page.getByTestId('reviews-table').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('auto-score-operations').textContent()).toBe('100');
    expect(await page.getByTestId('reviews-table').textContent()).toContain(DEMO.interviewer.name);
    await page.close();
  });
});
