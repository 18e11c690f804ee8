import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { PASSWORD } from './factories.ts';

export const CHROMIUM = '/usr/bin/chromium';

/** The built client the browser tests serve (npm test builds it before the suite). */
export const CLIENT_DIST = path.resolve(import.meta.dirname, '../../client/dist');

/** Builds the client for a test file run alone (a no-op when it is current with its sources). */
export function buildClient(): void {
  const script = path.resolve(import.meta.dirname, '../../scripts/build-client.ts');
  const build = spawnSync(process.execPath, [script], { stdio: 'inherit' });
  if (build.status !== 0) throw new Error('building the client failed');
}

/** Fails the file loudly, naming the fix, when the client has not been built. */
export function requireBuiltClient(): void {
  if (!existsSync(path.join(CLIENT_DIST, 'index.html')))
    throw new Error('client/dist is missing: npm test builds it (node scripts/build-client.ts)');
}

/** Debian's Chromium, headless; a missing browser fails the suite loudly (npm test installs it). */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(`Browser tests need Chromium at ${CHROMIUM}: run npm test, which installs it.`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
}

/** Signs a staff member in on the sign-in page (every test staff member has the factories' PASSWORD). */
export async function signInStaff(page: Page, baseUrl: string, email: string): Promise<void> {
  await page.goto(`${baseUrl}/`);
  await page.getByTestId('sign-in-email').fill(email);
  await page.getByTestId('sign-in-password').fill(PASSWORD);
  await page.getByTestId('sign-in-submit').click();
  await page.waitForURL(/\/staff/);
}

/**
 * From an opened invitation: starts the attempt, opens main.tf in Monaco and puts the cursor at its
 * end, ready to type. Returns the editor.
 */
export async function startAndEditMainTf(page: Page) {
  await page.getByTestId('start-attempt').click();
  await page.getByTestId('file-main.tf').click();
  const editor = page.getByTestId('editor');
  await editor.locator('.monaco-editor').waitFor();
  await editor.locator('.view-lines').click();
  await page.keyboard.press('Control+End');
  return editor;
}

/** Waits until the page says the candidate's work is saved. */
export async function waitUntilSaved(page: Page): Promise<void> {
  await expect
    .poll(async () => (await page.getByTestId('save-status').textContent()) ?? '', { timeout: 15_000 })
    .toMatch(/Saved/);
}
