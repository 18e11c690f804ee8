import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_DIST, launchChromium, requireBuiltClient } from '../support/browser.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { createInvitation, createOrganisation, type TestOrganisation } from '../support/factories.ts';
import { type LiveTestApp, startLiveTestApp } from '../support/live.ts';

/**
 * The intro page before the clock, in Chromium: the system check measures a real socket and round
 * trip, and the practice (a real small live challenge) is done with the editor, the terminal and
 * its check; then Start begins the real attempt, the clock from that moment, with no trace of the
 * practice in the attempt's files, replay or gradings.
 */
const SLUG = 'terraform-refactor';
let database: TestDatabase;
let app: LiveTestApp;
let browser: Browser;
let org: TestOrganisation;

beforeAll(async () => {
  requireBuiltClient();
  database = await createTestDatabase();
  app = await startLiveTestApp(database.db, { clientDist: CLIENT_DIST });
  org = await createOrganisation(database.db, [SLUG]);
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
  await database?.drop();
});

const attemptClock = async (attemptId: string) =>
  (
    await database.db.query<{ startedAt: Date | null; deadlineAt: Date | null }>(
      'select started_at as "startedAt", deadline_at as "deadlineAt" from attempts where id = $1',
      [attemptId],
    )
  ).rows[0];

describe('before the clock, in Chromium', { timeout: 180_000 }, () => {
  it('checks the system, does the practice with the editor, terminal and check, then starts the real attempt with no trace of it', async () => {
    const { token, attemptId } = await createInvitation(database.db, org, { name: 'Practising Pat' });
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${app.baseUrl}/invite/${token}`);

    // The system check: a real socket and echo through this server, the browser and the window.
    const summary = page.getByTestId('system-check-summary');
    await expect.poll(() => summary.getAttribute('data-verdict'), { timeout: 20_000 }).not.toBe('running');
    for (const line of ['websocket', 'browser', 'screen'])
      expect(await page.getByTestId(`system-check-${line}`).getAttribute('data-verdict'), line).toBe('ok');
    // A round trip is timed for real on a machine whose two cores run other tests too: it may be slow.
    const roundTrip = page.getByTestId('system-check-round-trip');
    expect(['ok', 'warning'], (await roundTrip.textContent()) ?? '').toContain(
      await roundTrip.getAttribute('data-verdict'),
    );
    expect(['ok', 'warning']).toContain(await summary.getAttribute('data-verdict'));
    expect(await page.getByTestId('system-check-round-trip').textContent()).toMatch(/\d+ ms \(median of 5\)/);
    expect(await page.getByTestId('system-check-browser').textContent()).toMatch(/Chrom(e|ium) \d+/);
    expect(await page.getByTestId('system-check-screen').textContent()).toContain('window 1280×800');

    // The practice: its environment starts on request, never by itself.
    expect(await app.practice.environments.list()).toEqual([]);
    await page.getByTestId('practice-start').click();
    const practice = page.getByTestId('practice');
    const terminal = practice.getByTestId('terminal');
    await terminal.locator('.xterm-rows').getByText('sre@web-1').first().waitFor({ timeout: 30_000 });

    // The check on the starter: nothing passes yet.
    await page.getByTestId('practice-check').click();
    await expect
      .poll(() => practice.getByTestId('practice-check-port-fixed').getAttribute('data-passed'), {
        timeout: 20_000,
      })
      .toBe('false');

    // The editor beside the terminal: open app.conf, fix the port, save it into the environment.
    await practice.getByRole('button', { name: '/home/sre/app.conf' }).click();
    const editor = page.getByTestId('environment-file-editor');
    await editor.locator('.view-lines').getByText('port = 80800').waitFor({ timeout: 15_000 });
    await editor.locator('.view-lines').click();
    // Line 3 is `port = 80800`: one keystroke fixes it (typing would invite Monaco's suggestions).
    await page.keyboard.press('Control+Home');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('End');
    await page.keyboard.press('Backspace');
    await editor.locator('.view-lines').getByText('port = 8080', { exact: true }).waitFor();
    await page.getByTestId('environment-file-save').click();
    await page.getByText('Saved in the environment').waitFor();
    await page.getByRole('button', { name: 'Close' }).click();

    // The terminal: a file made by the shell, and the fix seen from it.
    await terminal.click();
    await page.keyboard.type('echo hello > hello.txt; grep "^port" app.conf; echo made-$((40 + 2))');
    await page.keyboard.press('Enter');
    await terminal
      .locator('.xterm-rows')
      .getByText(/^made-42\s*$/)
      .waitFor({ timeout: 10_000 });
    await terminal
      .locator('.xterm-rows')
      .getByText(/^port = 8080\s*$/)
      .waitFor();

    await page.getByTestId('practice-check').click();
    for (const id of ['port-fixed', 'hello-file'])
      await expect
        .poll(() => practice.getByTestId(`practice-check-${id}`).getAttribute('data-passed'), {
          timeout: 20_000,
        })
        .toBe('true');
    await practice.getByText('2 of 2 practice checks pass: well done.').waitFor();

    // All of that before the clock: the attempt has not started.
    expect(await attemptClock(attemptId)).toEqual({ startedAt: null, deadlineAt: null });

    const pressed = Date.now();
    await page.getByTestId('start-attempt').click();
    await page.getByTestId('file-main.tf').waitFor({ timeout: 20_000 });
    const clock = await attemptClock(attemptId);
    // The clock started at Start (the database and this test share a host clock), for the full limit.
    expect(clock?.startedAt?.getTime()).toBeGreaterThanOrEqual(pressed - 1000);
    expect(clock?.startedAt?.getTime()).toBeLessThanOrEqual(Date.now() + 1000);
    expect((clock?.deadlineAt?.getTime() ?? 0) - (clock?.startedAt?.getTime() ?? 0)).toBe(45 * 60_000);

    // No trace: the practice environment is gone, and nothing of it is in the attempt's records.
    await expect
      .poll(async () => (await app.practice.environments.list()).length, { timeout: 15_000 })
      .toBe(0);
    expect(await page.getByTestId('practice').count()).toBe(0);
    const traces = await database.db.query<{ source: string }>(
      `select 'file ' || path as source from attempt_files
         where attempt_id = $1 and (path ~ '(app\\.conf|hello\\.txt)$' or content ~ '(warm-up|made-42)')
       union all select 'event ' || kind from attempt_events
         where attempt_id = $1 and (payload::text ~ '(app\\.conf|hello\\.txt|made-42|warm-up)' or kind = 'terminal')
       union all select 'grading ' || id from gradings where attempt_id = $1
       union all select 'environment ' || challenge_slug from live_environments where attempt_id = $1
       union all select 'credit ' || id from time_credits where attempt_id = $1`,
      [attemptId],
    );
    expect(traces.rows).toEqual([]);
    await page.close();
  });

  it('says what to do when the window is too small for the workspace', async () => {
    const { token } = await createInvitation(database.db, org, { name: 'Small Screen Sam' });
    const page = await browser.newPage({ viewport: { width: 900, height: 600 } });
    await page.goto(`${app.baseUrl}/invite/${token}`);
    const summary = page.getByTestId('system-check-summary');
    await expect.poll(() => summary.getAttribute('data-verdict'), { timeout: 20_000 }).toBe('fail');
    expect(await summary.textContent()).toMatch(/Something fails/);
    const screen = page.getByTestId('system-check-screen');
    expect(await screen.getAttribute('data-verdict')).toBe('fail');
    expect(await screen.textContent()).toMatch(/at least 1280×720/);
    // The connection still checks out: the verdict names the one thing to fix.
    expect(await page.getByTestId('system-check-websocket').getAttribute('data-verdict')).toBe('ok');
    await page.close();
  });
});
