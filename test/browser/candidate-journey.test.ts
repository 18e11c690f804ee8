import type { PgBoss } from 'pg-boss';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSandbox } from '../../sandbox/index.ts';
import { createApp } from '../../server/app.ts';
import { loadCatalogue } from '../../server/challenges/load.ts';
import { configWith } from '../../server/config.ts';
import { pgBossQueue, startBoss } from '../../server/grading/queue.ts';
import { startGradingWorker } from '../../server/grading/worker.ts';
import {
  CLIENT_DIST,
  launchChromium,
  requireBuiltClient,
  signInStaff,
  startAndEditMainTf,
  waitUntilSaved,
} from '../support/browser.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { requireDocker } from '../support/docker.ts';
import { createInvitation, createOrganisation, type TestOrganisation } from '../support/factories.ts';
import { listen } from '../support/http.ts';

let database: TestDatabase;
let boss: PgBoss;
let browser: Browser;
let server: Awaited<ReturnType<typeof listen>>;
let stopWorker: () => Promise<void>;
let org: TestOrganisation;

beforeAll(async () => {
  requireBuiltClient();
  const docker = await requireDocker();
  database = await createTestDatabase();
  boss = await startBoss(database.url);
  const catalogue = await loadCatalogue();
  const config = configWith({ SESSION_SECRET: 'browser-test-secret-1234' });
  server = await listen(
    createApp({ config, db: database.db, catalogue, queue: pgBossQueue(boss) }, { clientDist: CLIENT_DIST }),
  );
  stopWorker = await startGradingWorker({
    db: database.db,
    boss,
    sandbox: createSandbox({ docker }),
    catalogue,
    concurrency: 2,
  });
  org = await createOrganisation(database.db);
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await stopWorker?.();
  await boss?.stop({ graceful: false, timeout: 1000 });
  await server?.close();
  await database?.drop();
});

describe('in Chromium', () => {
  it('a candidate edits in Monaco, runs checks and submits; the manager sees the stored scores', async () => {
    const { token, attemptId, email } = await createInvitation(database.db, org, {
      name: 'Browser Candidate',
    });
    const page = await browser.newPage();
    const cdnRequests: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(server.baseUrl)) cdnRequests.push(request.url());
    });

    await page.goto(`${server.baseUrl}/invite/${token}`);
    await startAndEditMainTf(page);
    await page.keyboard.type('\n# typed in the browser test\n');
    await waitUntilSaved(page);
    const saved = await database.db.query<{ content: string }>(
      `select content from attempt_files where attempt_id = $1 and path = 'main.tf'`,
      [attemptId],
    );
    expect(saved.rows[0]?.content).toContain('# typed in the browser test');

    await page.getByTestId('run-checks').click();
    await expect.poll(() => page.getByTestId('check-result').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    const challenge = (await loadCatalogue()).challenges.get('terraform-refactor')!;
    const visible = challenge.manifest.checks.filter((c) => c.visible).length;
    expect(await page.getByTestId('check-result').count()).toBe(visible);

    await page.getByTestId('submit').click();
    await page.getByTestId('confirm-submit').click();
    await expect
      .poll(() => page.getByTestId('check-result').count(), { timeout: 30_000 })
      .toBe(challenge.manifest.checks.length);
    expect(cdnRequests).toEqual([]);

    const staff = await browser.newPage();
    await signInStaff(staff, server.baseUrl, org.manager.email);
    const row = staff.locator(`[data-testid="attempt-row"][data-candidate-email="${email}"]`);
    await row.waitFor({ timeout: 15_000 });
    const { rows: stored } = await database.db.query<{ dimension: string; score: number | null }>(
      'select dimension, score::float8 as score from attempt_scores where attempt_id = $1',
      [attemptId],
    );
    expect(stored.length).toBeGreaterThan(0);
    for (const { dimension, score } of stored) {
      if (score === null) continue;
      await expect
        .poll(
          async () => Number.parseFloat((await row.getByTestId(`score-${dimension}`).textContent()) ?? 'NaN'),
          {
            timeout: 15_000,
          },
        )
        .toBeCloseTo(score, 0);
    }
  });

  it('shows a clear page, never a stack trace, for an unknown or expired invitation link', async () => {
    const { token } = await createInvitation(database.db, org, { expiresAt: new Date(Date.now() - 60_000) });
    const page = await browser.newPage();
    for (const [link, wording] of [
      [`/invite/${'x'.repeat(43)}`, /recognise|unknown|not valid/i],
      [`/invite/${token}`, /expired/i],
    ] as const) {
      await page.goto(`${server.baseUrl}${link}`);
      const error = page.getByTestId('invitation-error');
      await error.waitFor();
      const text = (await error.textContent()) ?? '';
      expect(text).toMatch(wording);
      expect(text).not.toMatch(/at .*\.(ts|js):\d+|Error:/);
    }
    await page.close();
  });
});
