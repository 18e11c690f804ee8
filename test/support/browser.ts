import { existsSync } from 'node:fs';
import { type Browser, chromium, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { PASSWORD } from './factories.ts';

export const CHROMIUM = '/usr/bin/chromium';

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
