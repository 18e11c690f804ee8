/**
 * Single sign-on in real Chromium against a real OpenID provider on loopback: a manager sets SSO up
 * on the Sign-on page (the client secret never shown again) and generates a SCIM token (shown
 * once); a staff member types their work email on the sign-in page, signs in at the provider and
 * lands on the staff pages; someone in no mapped group reads why they were refused.
 */
import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { loadCatalogue } from '../../server/challenges/load.ts';
import { configWith } from '../../server/config.ts';
import { recordingQueue } from '../support/app.ts';
import { CLIENT_DIST, launchChromium, requireBuiltClient, signInStaff } from '../support/browser.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { createOrganisation, type TestOrganisation } from '../support/factories.ts';
import { listen } from '../support/http.ts';
import { startOidcProvider } from '../support/oidc-provider.ts';

const CLIENT_SECRET = `secret-${randomUUID()}`;
let database: TestDatabase;
let app: Awaited<ReturnType<typeof listen>>;
let provider: Awaited<ReturnType<typeof startOidcProvider>>;
let browser: Browser;
let org: TestOrganisation;

beforeAll(async () => {
  requireBuiltClient();
  database = await createTestDatabase();
  const deps = {
    // Tests only: the provider is plain http on loopback.
    config: configWith({ SESSION_SECRET: 'test-secret-test-secret', OIDC_ALLOW_INSECURE_LOOPBACK: 'true' }),
    db: database.db,
    catalogue: await loadCatalogue(),
    queue: recordingQueue(),
  };
  app = await listen(createApp(deps, { clientDist: CLIENT_DIST }));
  provider = await startOidcProvider({
    redirectUri: `${app.baseUrl}/sign-in/sso`,
    clientId: 'gauntlet-browser',
    clientSecret: CLIENT_SECRET,
  });
  org = await createOrganisation(database.db);
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await provider?.close();
  await app?.close();
  await database?.drop();
});

/** The provider's development pages: the login form (any account id), then consent. */
async function signInAtProvider(page: Page, accountId: string) {
  await page.waitForURL((url) => url.href.startsWith(provider.issuer));
  await page.locator('input[name="login"]').fill(accountId);
  await page.locator('input[name="password"]').fill('any');
  await page.locator('button[type="submit"]').first().click();
  await page.locator('input[name="prompt"][value="consent"]').waitFor({ state: 'attached' });
  await page.locator('button[type="submit"]').first().click();
}

it('a manager sets SSO up, a staff member signs in through the provider, and someone in no group is told why not', async () => {
  const managerPage = await (await browser.newContext()).newPage();
  await signInStaff(managerPage, app.baseUrl, org.manager.email);
  await managerPage.getByRole('link', { name: 'Sign-on' }).click();
  await managerPage.waitForURL(/\/staff\/sso$/);
  await managerPage.getByLabel('Organisation name for SSO').fill('acme-browser');
  await managerPage.getByLabel('Email domain').fill('acme-browser.test');
  await managerPage.getByLabel('Issuer URL').fill(provider.issuer);
  await managerPage.getByLabel('Client ID').fill('gauntlet-browser');
  await managerPage.getByLabel('Client secret').fill(CLIENT_SECRET);
  await managerPage.getByLabel('Groups and their roles').fill('gauntlet-staff = interviewer');
  await managerPage.getByRole('button', { name: 'Save' }).click();
  await expect.poll(() => managerPage.getByRole('status').first().textContent()).toBe('Saved.');
  await expect
    .poll(() => managerPage.locator('code').first().textContent())
    .toBe(`${app.baseUrl}/sign-in/sso`);
  expect(await managerPage.content()).not.toContain(CLIENT_SECRET);
  await managerPage.getByRole('button', { name: 'Generate SCIM token' }).click();
  expect(await managerPage.getByTestId('scim-token').textContent()).toMatch(/^scim_[A-Za-z0-9_-]{43}$/);

  provider.accounts.set('olga', {
    email: 'olga@acme-browser.test',
    name: 'Olga Okafor',
    groups: ['gauntlet-staff'],
  });
  const staffPage = await (await browser.newContext()).newPage();
  await staffPage.goto(`${app.baseUrl}/`);
  await staffPage.getByTestId('sso-org').fill('olga@acme-browser.test');
  await staffPage.getByTestId('sso-submit').click();
  await signInAtProvider(staffPage, 'olga');
  await staffPage.waitForURL(`${app.baseUrl}/staff`);
  await expect.poll(() => staffPage.locator('.staff-user').textContent()).toBe('Olga Okafor interviewer');

  provider.accounts.set('pete', { email: 'pete@acme-browser.test', name: 'Pete', groups: ['contractors'] });
  const refusedPage = await (await browser.newContext()).newPage();
  await refusedPage.goto(`${app.baseUrl}/`);
  await refusedPage.getByTestId('sso-org').fill('acme-browser');
  await refusedPage.getByTestId('sso-submit').click();
  await signInAtProvider(refusedPage, 'pete');
  await refusedPage.waitForURL(`${app.baseUrl}/sign-in/sso`);
  const alert = refusedPage.getByRole('alert');
  await expect.poll(() => alert.textContent()).toContain('no group that Gauntlet gives a role to');
  expect(refusedPage.url()).toBe(`${app.baseUrl}/sign-in/sso`);
});
