/**
 * The REST API's reference page and the API tokens page in real Chromium, under the real
 * Content-Security-Policy: swagger-ui draws every operation from local files with no violation and
 * calls the API with a token pasted into Authorize; a manager creates a token (shown once), the
 * token works, and revoking it on the page stops it.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { loadCatalogue } from '../../server/challenges/load.ts';
import { configWith } from '../../server/config.ts';
import { createTestApiToken } from '../support/api-tokens.ts';
import { recordingQueue } from '../support/app.ts';
import { CLIENT_DIST, launchChromium, requireBuiltClient, signInStaff } from '../support/browser.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { createOrganisation, type TestOrganisation } from '../support/factories.ts';
import { listen } from '../support/http.ts';
import { send } from '../support/send.ts';

let database: TestDatabase;
let app: Awaited<ReturnType<typeof listen>>;
let browser: Browser;
let org: TestOrganisation;

beforeAll(async () => {
  requireBuiltClient();
  database = await createTestDatabase();
  const deps = {
    config: configWith({ SESSION_SECRET: 'test-secret-test-secret' }),
    db: database.db,
    catalogue: await loadCatalogue(),
    queue: recordingQueue(),
  };
  app = await listen(createApp(deps, { clientDist: CLIENT_DIST }));
  org = await createOrganisation(database.db);
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
  await database?.drop();
});

/** Policy violations and uncaught errors the page reports (listened for before its scripts run). */
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
    if (message.type() === 'error' && /content security policy|refused to/i.test(message.text()))
      seen.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => seen.push(`uncaught: ${error.message}`));
  return seen;
}

describe('the API reference page', () => {
  it('draws every operation from local files, and calls the API with a pasted token, with no violation', async () => {
    const token = await createTestApiToken(database.db, org, ['read:results']);
    const page = await browser.newPage();
    const violations = await watchPolicy(page);
    const requested: string[] = [];
    page.on('request', (request) => requested.push(request.url()));
    await page.goto(`${app.baseUrl}/api/docs`);
    const operations = page.locator('.opblock');
    await expect.poll(() => operations.count(), { timeout: 15_000 }).toBe(4);
    expect(await page.locator('.opblock-summary-path').allTextContents()).toEqual([
      '/assessments',
      '/assessments/{id}/invitations',
      '/assessments/{id}/attempts',
      '/attempts/{id}',
    ]);

    await page
      .getByRole('button', { name: /Authorize/ })
      .first()
      .click();
    await page.locator('.auth-container input').fill(token.secret);
    await page.locator('.auth-btn-wrapper').getByRole('button', { name: 'Apply credentials' }).click();
    await page.locator('.auth-btn-wrapper').getByRole('button', { name: 'Close' }).click();
    const list = operations.first();
    await list.locator('.opblock-summary').click();
    await list.getByRole('button', { name: 'Try it out' }).click();
    const answered = page.waitForResponse((r) => r.url() === `${app.baseUrl}/api/v1/assessments`);
    await list.getByRole('button', { name: 'Execute' }).click();
    const response = await answered;
    expect(response.status()).toBe(200);
    expect(await response.request().headerValue('authorization')).toBe(`Bearer ${token.secret}`);
    const shown = list.locator('.live-responses-table tbody .response-col_status').first();
    await expect.poll(() => shown.textContent(), { timeout: 10_000 }).toContain('200');
    expect(await list.locator('.live-responses-table .highlight-code').first().textContent()).toContain(
      org.assessmentId,
    );

    for (const url of requested) expect(url.startsWith(app.baseUrl), url).toBe(true);
    expect(violations).toEqual([]);
    await page.close();
  });
});

describe('the API tokens page', () => {
  it('creates a token shown once, lists it by prefix, and revoking it there stops it', async () => {
    const page = await browser.newPage();
    const violations = await watchPolicy(page);
    await signInStaff(page, app.baseUrl, org.manager.email);
    await page.getByRole('link', { name: 'API tokens' }).click();
    await page.waitForURL(/\/staff\/api-tokens$/);
    await page.getByLabel('What it is for').fill('Browser-made token');
    await page.getByRole('checkbox', { name: /write:invitations/ }).check();
    await page.getByRole('button', { name: 'Create token' }).click();
    const secret = (await page.getByTestId('api-token-secret').locator('code').textContent()) ?? '';
    expect(secret).toMatch(/^gnt_[A-Za-z0-9_-]{43}$/);
    const row = page.getByRole('row', { name: /Browser-made token/ });
    await expect.poll(() => row.textContent()).toContain(`${secret.slice(0, 12)}…`);
    expect(await row.textContent()).toContain('read:results, write:invitations');

    const headers = { authorization: `Bearer ${secret}` };
    expect((await send(app.baseUrl, { method: 'GET', path: '/api/v1/assessments', headers })).status).toBe(
      200,
    );
    page.once('dialog', (dialog) => void dialog.accept());
    await row.getByRole('button', { name: 'Revoke' }).click();
    await expect.poll(() => row.textContent()).toContain('revoked');
    const refused = await send(app.baseUrl, { method: 'GET', path: '/api/v1/assessments', headers });
    expect([refused.status, refused.body.error.id]).toEqual([401, 'token_revoked']);
    expect(violations).toEqual([]);
    await page.close();
  });

  it('is not offered to an interviewer', async () => {
    const page = await browser.newPage();
    await signInStaff(page, app.baseUrl, org.interviewer.email);
    await page.getByRole('link', { name: 'Attempts' }).waitFor();
    expect(await page.getByRole('link', { name: 'API tokens' }).count()).toBe(0);
    await page.close();
  });
});
