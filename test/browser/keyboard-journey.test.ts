import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findAttempt } from '../../server/queries/attempts.ts';
import { CLIENT_DIST, launchChromium, requireBuiltClient, waitUntilSaved } from '../support/browser.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { countPointerPresses } from '../support/design-canvas.ts';
import { createInvitation, createOrganisation, type TestOrganisation } from '../support/factories.ts';
import { type LiveTestApp, startLiveTestApp } from '../support/live.ts';

/**
 * The whole candidate journey with the keyboard alone: no click, no mouse, only Tab, Enter, Space
 * and typing. Along the way: focus is visible, Monaco's accessibility help opens with Alt+F1, Tab
 * leaves the editor after Ctrl+M, and the countdown is read out at a mark, not every second.
 */
let database: TestDatabase;
let app: LiveTestApp;
let browser: Browser;
let org: TestOrganisation;
let liveOrg: TestOrganisation;

beforeAll(async () => {
  requireBuiltClient();
  database = await createTestDatabase();
  app = await startLiveTestApp(database.db, { clientDist: CLIENT_DIST });
  org = await createOrganisation(database.db, ['terraform-refactor']);
  liveOrg = await createOrganisation(database.db, ['pegged-database']);
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
  await database?.drop();
});

/** What has the focus: its test id, or "monaco" inside the editor, or its tag. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const element = document.activeElement;
    if (!element) return '';
    if (element.closest('.monaco-editor')) return 'monaco';
    return element.getAttribute('data-testid') ?? element.tagName.toLowerCase();
  });

/** Presses Tab (or Shift+Tab) until `target` has the focus; fails after `limit` presses. */
async function tabTo(page: Page, target: string, { back = false, limit = 40 } = {}): Promise<void> {
  const seen: string[] = [];
  for (let i = 0; i < limit; i++) {
    if ((await focused(page)) === target) return;
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
    seen.push(await focused(page));
  }
  throw new Error(`Tab never reached ${target}; it went through ${seen.join(', ')}`);
}

describe('with the keyboard alone in Chromium', { timeout: 180_000 }, () => {
  it('a candidate starts, edits in Monaco, runs checks and submits without the mouse', async () => {
    const { token, attemptId } = await createInvitation(database.db, org, { name: 'Keyboard Kim' });
    const context = await browser.newContext();
    const page = await context.newPage();
    const pointerPresses = await countPointerPresses(page);
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${app.baseUrl}/invite/${token}`);
    await page.getByTestId('start-attempt').waitFor();

    await tabTo(page, 'start-attempt');
    // Focus is visible: a solid ring, not the browser's default or nothing.
    expect(
      await page.evaluate(() => {
        const style = getComputedStyle(document.activeElement as Element);
        return `${style.outlineStyle} ${style.outlineWidth}`;
      }),
    ).toBe('solid 2px');
    await page.keyboard.press('Enter');

    await page.getByTestId('file-main.tf').waitFor();
    await tabTo(page, 'file-main.tf');
    await page.keyboard.press('Enter');
    await page.getByTestId('editor').locator('.monaco-editor').waitFor();
    await tabTo(page, 'monaco');
    await page.keyboard.press('Control+End');
    await page.keyboard.type('\n# typed without a mouse\n');
    await waitUntilSaved(page);
    const saved = await database.db.query<{ content: string }>(
      `select content from attempt_files where attempt_id = $1 and path = 'main.tf'`,
      [attemptId],
    );
    expect(saved.rows[0]?.content).toContain('# typed without a mouse');

    // Alt+F1 in the editor opens its accessibility help; Escape gives the focus back to the editor.
    await page.keyboard.press('Alt+F1');
    await page.getByTestId('editor-accessibility-help-dialog').waitFor();
    expect(await page.getByRole('dialog', { name: 'Editor accessibility help' }).isVisible()).toBe(true);
    await page.keyboard.press('Escape');
    await page.getByTestId('editor-accessibility-help-dialog').waitFor({ state: 'detached' });
    expect(await focused(page)).toBe('monaco');

    // Tab indents in Monaco until Ctrl+M; then it moves the focus on, here back to Run checks.
    await page.keyboard.press('Control+m');
    await tabTo(page, 'run-checks', { back: true, limit: 10 });
    await page.keyboard.press('Enter');
    await expect.poll(() => app.queue.ids.length, { timeout: 15_000 }).toBe(1);
    await app.grade(app.queue.ids[0]!);
    await expect.poll(() => page.getByTestId('check-result').count(), { timeout: 30_000 }).toBeGreaterThan(0);

    await tabTo(page, 'submit');
    await page.keyboard.press('Enter');
    await page.getByTestId('confirm-submit').waitFor();
    await tabTo(page, 'confirm-submit', { limit: 5 });
    await page.keyboard.press('Enter');
    await expect.poll(() => app.queue.ids.length, { timeout: 15_000 }).toBe(2);
    await app.grade(app.queue.ids[1]!);
    await expect
      .poll(async () => (await findAttempt(database.db, attemptId))?.submittedAt ?? null)
      .not.toBeNull();
    await page.getByText('Everything is submitted').waitFor();
    expect(await pointerPresses()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('reads the countdown out at a mark, politely, never the ticking figure', async () => {
    const { token } = await createInvitation(database.db, org, { name: 'Listening Lee' });
    const context = await browser.newContext();
    // The page's clock runs normally until it is moved forward to reach a mark. (Nothing is typed
    // into Monaco here: its input-latency probe reads the performance API the fake clock replaces.)
    await context.clock.install();
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${app.baseUrl}/invite/${token}`);
    await page.getByTestId('start-attempt').waitFor();
    await tabTo(page, 'start-attempt');
    await page.keyboard.press('Enter');
    await page.getByTestId('countdown').waitFor();

    // Nothing is said on opening at 45 minutes; 16 minutes later, "30 minutes left" once.
    const announcement = page.getByTestId('countdown-announcement');
    expect(await announcement.getAttribute('role')).toBe('status');
    expect(await announcement.textContent()).toBe('');
    expect(await page.getByRole('timer').getAttribute('aria-live')).toBeNull();
    await context.clock.fastForward('16:00');
    await expect.poll(() => announcement.textContent(), { timeout: 10_000 }).toBe('30 minutes left.');
    expect(await page.getByTestId('countdown').textContent()).toMatch(/^2\d:\d\d$/);

    expect(errors).toEqual([]);
    await context.close();
  });

  it("turns the terminal's screen reader mode on with one switch, and remembers it after a reload", async () => {
    const { token } = await createInvitation(database.db, liveOrg, { name: 'Screen Reader Sam' });
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${app.baseUrl}/invite/${token}`);
    await page.getByTestId('start-attempt').waitFor();
    await tabTo(page, 'start-attempt');
    await page.keyboard.press('Enter');
    const terminal = page.getByTestId('terminal');
    await terminal.locator('.xterm-rows').getByText('sre@orders-db').first().waitFor({ timeout: 60_000 });
    const tree = terminal.locator('.xterm-accessibility-tree');
    expect(await tree.count()).toBe(0);

    // The terminal takes the focus, and Tab goes to the shell; Ctrl+Shift+M lets Tab leave it.
    expect(await focused(page)).toBe('textarea');
    await page.keyboard.press('Control+Shift+M');
    await expect
      .poll(() => page.getByTestId('terminal-tab-mode').textContent())
      .toMatch(/^Tab moves the focus/);
    await tabTo(page, 'terminal-screen-reader', { back: true, limit: 10 });
    await page.keyboard.press('Space');
    expect(await page.getByRole('switch', { name: 'Screen reader mode' }).isChecked()).toBe(true);
    // xterm keeps a copy of the screen for the screen reader: the prompt is in it, as text.
    await expect.poll(() => tree.textContent(), { timeout: 10_000 }).toContain('sre@orders-db');

    await page.reload();
    await terminal.locator('.xterm-rows').getByText('sre@orders-db').first().waitFor({ timeout: 60_000 });
    expect(await page.getByRole('switch', { name: 'Screen reader mode' }).isChecked()).toBe(true);
    await expect.poll(() => tree.count(), { timeout: 10_000 }).toBe(1);
    await context.close();
  });
});
