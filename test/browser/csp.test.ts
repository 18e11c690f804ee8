/**
 * The Content-Security-Policy holds in real Chromium: the candidate page with Monaco (its workers
 * included), the live terminal's WebSocket and every staff page run with no violation, while an
 * injected inline script is refused (which proves the watcher below sees violations at all).
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendServerEvents } from '../../server/commands/append-server-events.ts';
import {
  CLIENT_DIST,
  launchChromium,
  requireBuiltClient,
  signInStaff,
  startAndEditMainTf,
  waitUntilSaved,
} from '../support/browser.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import {
  createInvitation,
  createOrganisation,
  storeSubmission,
  type TestOrganisation,
} from '../support/factories.ts';
import { type LiveTestApp, startLiveTestApp } from '../support/live.ts';

const FILES_SLUG = 'terraform-refactor';
const LIVE_SLUG = 'pegged-database';
let database: TestDatabase;
let app: LiveTestApp;
let browser: Browser;
let filesOrg: TestOrganisation;
let liveOrg: TestOrganisation;

beforeAll(async () => {
  requireBuiltClient();
  database = await createTestDatabase();
  app = await startLiveTestApp(database.db, { clientDist: CLIENT_DIST });
  filesOrg = await createOrganisation(database.db, [FILES_SLUG]);
  liveOrg = await createOrganisation(database.db, [LIVE_SLUG]);
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
  await database?.drop();
});

/**
 * Everything the page reports about the policy: `securitypolicyviolation` events (listened for
 * before any of the page's own scripts run), console errors that name the policy, and uncaught
 * errors (a blocked worker or style usually surfaces as one).
 */
async function watchPolicy(page: Page): Promise<string[]> {
  const seen: string[] = [];
  await page.exposeFunction('reportPolicyViolation', (line: string) => {
    seen.push(line);
  });
  await page.addInitScript(() => {
    const report = (window as unknown as { reportPolicyViolation: (line: string) => void })
      .reportPolicyViolation;
    document.addEventListener('securitypolicyviolation', (e) => {
      report(
        `${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`,
      );
    });
  });
  page.on('console', (message) => {
    const text = message.text();
    if (message.type() !== 'error' || !/content security policy|refused to/i.test(text)) return;
    seen.push(`console: ${text}`);
  });
  page.on('pageerror', (error) => seen.push(`uncaught: ${error.message}`));
  return seen;
}

/**
 * Gives a page's late work (workers, lazy chunks, styles) time to report a violation. A page that
 * keeps polling never reaches network idle, so that wait is bounded; the assertion is on `violations`.
 */
async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle', { timeout: 3000 }).catch(() => {});
  await page.waitForTimeout(300);
}

describe('the Content-Security-Policy in Chromium', () => {
  it('lets a candidate edit in Monaco, with its workers, and reports no violation', async () => {
    const { token, attemptId } = await createInvitation(database.db, filesOrg, { name: 'CSP Candidate' });
    const page = await browser.newPage();
    const violations = await watchPolicy(page);
    const workers: string[] = [];
    page.on('worker', (worker) => workers.push(worker.url()));

    const response = await page.goto(`${app.baseUrl}/invite/${token}`);
    const policy = response?.headers()['content-security-policy'] ?? '';
    expect(policy).toContain("default-src 'self'");
    expect(policy).toContain("script-src 'self'");
    expect(policy).not.toMatch(/script-src[^;]*unsafe-(inline|eval)/);
    expect(policy).toContain("frame-ancestors 'none'");

    await startAndEditMainTf(page);
    await page.keyboard.type('\n# typed under the policy\n');
    // Suggestions and the find widget exercise Monaco's worker and its run-time styles.
    await page.keyboard.press('Control+Space');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+f');
    await page.keyboard.type('policy');
    await page.keyboard.press('Escape');
    await waitUntilSaved(page);
    const saved = await database.db.query<{ content: string }>(
      `select content from attempt_files where attempt_id = $1 and path = 'main.tf'`,
      [attemptId],
    );
    expect(saved.rows[0]?.content).toContain('# typed under the policy');
    await expect.poll(() => workers.length, { timeout: 10_000 }).toBeGreaterThan(0);
    for (const url of workers) expect(url.startsWith(app.baseUrl) || url.startsWith('blob:')).toBe(true);
    expect(violations).toEqual([]);
    await page.close();
  });

  it('lets the live terminal connect over its WebSocket, and reports no violation', async () => {
    const { token } = await createInvitation(database.db, liveOrg, { name: 'CSP Terminal Candidate' });
    const page = await browser.newPage();
    const violations = await watchPolicy(page);
    const sockets: string[] = [];
    page.on('websocket', (socket) => sockets.push(socket.url()));
    await page.goto(`${app.baseUrl}/invite/${token}`);
    await page.getByTestId('start-attempt').click();
    const terminal = page.getByTestId('terminal');
    await terminal.locator('.xterm-rows').getByText('sre@orders-db').first().waitFor({ timeout: 30_000 });
    await terminal.click();
    await page.keyboard.type('echo csp-$((20 + 22))');
    await page.keyboard.press('Enter');
    await terminal
      .locator('.xterm-rows')
      .getByText(/^csp-42\s*$/)
      .waitFor({ timeout: 10_000 });
    expect(sockets.some((url) => url.startsWith(app.baseUrl.replace('http', 'ws')))).toBe(true);
    expect(violations).toEqual([]);
    await page.close();
  });

  it('shows every staff page, the replay with Monaco and xterm included, with no violation', async () => {
    const { attemptId } = await createInvitation(database.db, filesOrg, { name: 'CSP Graded Candidate' });
    await storeSubmission(
      database.db,
      app.catalogue,
      attemptId,
      FILES_SLUG,
      { scores: {} },
      { submitAttempt: true },
    );
    await appendServerEvents(database.db, {
      organisationId: filesOrg.organisationId,
      attemptId,
      challengeSlug: FILES_SLUG,
      events: [
        { kind: 'terminal', payload: { stream: 'output', data: '$ terraform plan\r\nNo changes.\r\n' } },
      ],
    });
    const page = await browser.newPage();
    const violations = await watchPolicy(page);
    await signInStaff(page, app.baseUrl, filesOrg.manager.email);

    const visits: [string, string][] = [
      ['/staff', 'attempt-row'],
      [`/staff/catalogue`, `challenge-${FILES_SLUG}`],
      ['/staff/assessments', 'assessment-card'],
      [`/staff/assessments/${filesOrg.assessmentId}`, 'invitation-row'],
      [`/staff/assessments/${filesOrg.assessmentId}/compare`, 'comparison-row'],
      [`/staff/attempts/${attemptId}`, 'review-form'],
      [`/staff/attempts/${attemptId}/report`, 'report'],
    ];
    for (const [url, testId] of visits) {
      await page.goto(`${app.baseUrl}${url}`);
      await page.getByTestId(testId).first().waitFor({ timeout: 15_000 });
      await settle(page);
    }
    await page.goto(`${app.baseUrl}/staff/attempts/${attemptId}/replay`);
    await expect
      .poll(async () => ((await page.locator('.xterm-rows').textContent()) ?? '').replace(/\s/g, ' '), {
        timeout: 15_000,
      })
      .toContain('No changes.');
    await page.getByTestId('replay-diff').selectOption('starter');
    await page.getByTestId('replay-editor').locator('.monaco-diff-editor').waitFor({ timeout: 15_000 });
    await settle(page);
    expect(violations).toEqual([]);
    await page.close();
  });

  it('refuses an injected inline script and reports it, so a violation would not go unseen', async () => {
    const page = await browser.newPage();
    const violations = await watchPolicy(page);
    await page.goto(`${app.baseUrl}/`);
    await page.getByTestId('sign-in-email').waitFor();
    const ran = await page.evaluate(() => {
      const script = document.createElement('script');
      script.textContent = 'window.injectedRan = true';
      document.head.append(script);
      return (window as unknown as { injectedRan?: boolean }).injectedRan === true;
    });
    expect(ran).toBe(false);
    await expect
      .poll(() => violations.some((v) => v.startsWith('script-src-elem blocked inline')))
      .toBe(true);
    await page.close();
  });
});
