/**
 * The ATS page in real Chromium, under the real Content-Security-Policy: a manager reads the URLs to
 * give Greenhouse, connects another ATS (its signing key shown once), and a message signed with that
 * key invites a candidate; a Lever connection keeps its secrets out of the page; removing a
 * connection refuses its messages from then on.
 */
import type { Browser } from 'playwright-core';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { loadCatalogue } from '../../server/challenges/load.ts';
import { configWith } from '../../server/config.ts';
import { recordingQueue } from '../support/app.ts';
import { CLIENT_DIST, launchChromium, requireBuiltClient, signInStaff } from '../support/browser.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { createOrganisation, type TestOrganisation } from '../support/factories.ts';
import { listen } from '../support/http.ts';

let database: TestDatabase;
let app: Awaited<ReturnType<typeof listen>>;
let browser: Browser;
let org: TestOrganisation;

beforeAll(async () => {
  requireBuiltClient();
  database = await createTestDatabase();
  const config = configWith({
    SESSION_SECRET: 'test-secret-test-secret',
    WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
  });
  const deps = { config, db: database.db, catalogue: await loadCatalogue(), queue: recordingQueue() };
  app = await listen(createApp(deps, { clientDist: CLIENT_DIST }));
  org = await createOrganisation(database.db);
  browser = await launchChromium();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await app?.close();
  await database?.drop();
});

/** Posts a generic inbound message signed with `secret` to the connection's URL. */
async function sendSigned(url: string, secret: string, email: string) {
  const body = JSON.stringify({ candidate: { name: 'Signed Candidate', email }, externalId: `ext-${email}` });
  const id = `msg_${crypto.randomUUID()}`;
  const at = new Date();
  return fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
      'webhook-signature': new Webhook(secret).sign(id, at, body),
    },
    body,
  });
}

describe('the ATS page', () => {
  it('connects another ATS whose signed message invites, keeps Lever’s secrets out of the page, and removes a connection', async () => {
    const page = await browser.newPage();
    await signInStaff(page, app.baseUrl, org.manager.email);
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.getByRole('link', { name: 'ATS' }).click();
    await page.waitForURL(/\/staff\/ats$/);
    expect(await page.locator('.ats-urls').textContent()).toContain(
      `${app.baseUrl}/api/ats/greenhouse/send_test`,
    );

    await page.getByLabel('Another ATS').check();
    await page.getByLabel('Name').fill('Workable');
    await page.getByRole('button', { name: 'Connect' }).click();
    const secret = (await page.getByTestId('ats-secret').locator('code').textContent()) ?? '';
    expect(secret).toMatch(/^whsec_/);
    const row = page.getByRole('row', { name: /Workable/ });
    const inboundUrl = (await row.locator('code').textContent()) ?? '';
    expect(inboundUrl).toMatch(new RegExp(`^${app.baseUrl}/api/ats/inbound/[0-9a-f-]{36}$`));
    expect((await sendSigned(inboundUrl, secret, 'signed@example.com')).status).toBe(201);
    const { rows } = await database.db.query('select 1 from invitations where candidate_email = $1', [
      'signed@example.com',
    ]);
    expect(rows).toHaveLength(1);

    await page.getByLabel('Lever (a stage-change webhook)').check();
    await page.getByLabel('Name').fill('Lever');
    await page.getByLabel(/stage id/).fill('stage-tech');
    await page.getByLabel(/signature token/).fill('lever-signature-secret');
    await page.getByLabel(/Lever API key/).fill('lever-api-key-secret');
    await page.getByRole('button', { name: 'Connect' }).click();
    await page.getByRole('row', { name: /stage-tech/ }).waitFor();
    const html = await page.content();
    expect(html).not.toContain('lever-signature-secret');
    expect(html).not.toContain('lever-api-key-secret');
    expect(await page.getByTestId('ats-secret').count()).toBe(0);

    page.once('dialog', (dialog) => void dialog.accept());
    await row.getByRole('button', { name: 'Remove' }).click();
    await expect.poll(() => page.getByRole('row', { name: /Workable/ }).count()).toBe(0);
    expect((await sendSigned(inboundUrl, secret, 'after@example.com')).status).toBe(404);
    expect(errors).toEqual([]);
    await page.close();
  });
});
