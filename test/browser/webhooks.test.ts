/**
 * The webhooks page in real Chromium, under the real Content-Security-Policy, against a real
 * dispatcher and a receiver on loopback: a manager adds an endpoint (its secret shown once), sends
 * a test that the receiver verifies with that secret, reads the delivery in the log and redelivers
 * it with the same webhook-id.
 */
import type { PgBoss } from 'pg-boss';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { loadCatalogue } from '../../server/challenges/load.ts';
import { configWith } from '../../server/config.ts';
import { startBoss } from '../../server/grading/queue.ts';
import { startWebhookDispatcher } from '../../server/webhooks/dispatcher.ts';
import { recordingQueue } from '../support/app.ts';
import { CLIENT_DIST, launchChromium, requireBuiltClient, signInStaff } from '../support/browser.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { createOrganisation, type TestOrganisation } from '../support/factories.ts';
import { listen } from '../support/http.ts';
import { waitFor, webhookReceiver } from '../support/webhook-receiver.ts';

let database: TestDatabase;
let boss: PgBoss;
let app: Awaited<ReturnType<typeof listen>>;
let dispatcher: Awaited<ReturnType<typeof startWebhookDispatcher>>;
let browser: Browser;
let org: TestOrganisation;
const receiver = webhookReceiver();

beforeAll(async () => {
  requireBuiltClient();
  database = await createTestDatabase();
  boss = await startBoss(database.url);
  await receiver.start();
  const config = configWith({
    SESSION_SECRET: 'test-secret-test-secret',
    WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
  });
  const deps = { config, db: database.db, catalogue: await loadCatalogue(), queue: recordingQueue() };
  app = await listen(createApp(deps, { clientDist: CLIENT_DIST }));
  dispatcher = await startWebhookDispatcher({ config, db: database.db, boss, pumpMs: 100 });
  org = await createOrganisation(database.db);
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await dispatcher?.stop();
  await app?.close();
  await boss?.stop({ graceful: false, timeout: 1000 });
  await receiver.stop();
  await database?.drop();
});

describe('the webhooks page', () => {
  it('adds an endpoint, sends a verified test, shows the delivery and redelivers it with the same id', async () => {
    const page = await browser.newPage();
    await signInStaff(page, app.baseUrl, org.manager.email);
    // From here on (the sign-in page's own 401 for "who am I" is expected).
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.getByRole('link', { name: 'Webhooks' }).click();
    await page.waitForURL(/\/staff\/webhooks$/);
    await page.getByLabel('URL').fill(receiver.url('/from-the-page'));
    await page.getByLabel('Description').fill('Our ATS');
    await page.getByRole('checkbox', { name: 'review.submitted' }).uncheck();
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    const secret = (await page.getByTestId('webhook-secret').locator('code').textContent()) ?? '';
    expect(secret).toMatch(/^whsec_/);
    receiver.trust(secret);
    const row = page.getByRole('row', { name: /from-the-page/ });
    await expect.poll(() => row.textContent()).toContain('attempt.graded');
    expect(await row.textContent()).not.toContain('review.submitted');

    await row.getByRole('button', { name: 'Send test' }).click();
    const ping = await waitFor('the ping', () => receiver.of('webhook.ping')[0]);
    expect(ping.verified).toBe(true);
    await row.getByRole('button', { name: 'Deliveries' }).click();
    const log = page.getByRole('region', { name: 'Deliveries' });
    await expect
      .poll(async () => {
        await log.getByRole('button', { name: 'Refresh' }).click();
        return log.locator('tbody').textContent();
      })
      .toContain('delivered');
    expect(await log.locator('tbody').textContent()).toContain(ping.id);
    await log.getByRole('button', { name: '200' }).click();
    expect(await log.locator('.webhook-excerpt').textContent()).toContain('thanks');

    await log.getByRole('button', { name: 'Redeliver' }).click();
    await waitFor('the redelivery', () => receiver.state.acknowledged.get(ping.id) === 2);
    await expect.poll(() => log.locator('tbody').textContent()).toContain('(redelivered)');
    expect(receiver.of('webhook.ping').map((r) => r.id)).toEqual([ping.id, ping.id]);
    expect(errors).toEqual([]);
    await page.close();
  });
});
