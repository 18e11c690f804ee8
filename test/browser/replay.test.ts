import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { loadCatalogue } from '../../server/challenges/load.ts';
import { appendServerEvents } from '../../server/commands/append-server-events.ts';
import { configWith } from '../../server/config.ts';
import type { ReplayEvent } from '../../server/contract/events.ts';
import { fromFileMap, replayFiles } from '../../server/contract/replay.ts';
import { listEvents } from '../../server/queries/events.ts';
import { recordingQueue } from '../support/app.ts';
import {
  CLIENT_DIST,
  launchChromium,
  requireBuiltClient,
  signInStaff,
  startAndEditMainTf,
  waitUntilSaved,
} from '../support/browser.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { createInvitation, createOrganisation, type TestOrganisation } from '../support/factories.ts';
import { listen } from '../support/http.ts';

const SLUG = 'terraform-refactor';
let database: TestDatabase;
let browser: Browser;
let server: Awaited<ReturnType<typeof listen>>;
let org: TestOrganisation;

beforeAll(async () => {
  requireBuiltClient();
  database = await createTestDatabase();
  const config = configWith({ SESSION_SECRET: 'browser-test-secret-1234' });
  const deps = { config, db: database.db, catalogue: await loadCatalogue(), queue: recordingQueue() };
  server = await listen(createApp(deps, { clientDist: CLIENT_DIST }));
  org = await createOrganisation(database.db);
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await database?.drop();
});

/** Pastes with Ctrl+V from the page's clipboard, as a candidate would. */
async function paste(page: Page, text: string) {
  await page.evaluate((pasted) => navigator.clipboard.writeText(pasted), text);
  await page.keyboard.press('Control+V');
}

describe('in Chromium', () => {
  it('replays a typed session to exactly the submitted files, and the staff page shows it', async () => {
    const { token, attemptId } = await createInvitation(database.db, org, { name: 'Replay Candidate' });
    const context = await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
    const page = await context.newPage();
    await page.goto(`${server.baseUrl}/invite/${token}`);
    const editor = await startAndEditMainTf(page);

    // Typing, a multi-cursor edit (every "alpha" renamed at once), deletions and a paste.
    await page.keyboard.type('\n# alpha and alpha\nalpha = 1\nalpha = 2\nlabel = "é🚀"\n');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Home');
    await page.keyboard.press('Control+Shift+L');
    await page.keyboard.type('beta');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Backspace');
    const pasted = `\n# pasted\n${'variable "x" { default = 1 }\n'.repeat(10)}`;
    await paste(page, pasted);

    // A new file, typed into.
    await page.getByRole('button', { name: 'New file' }).click();
    await page.getByLabel('File path').fill('outputs.tf');
    await page.getByRole('button', { name: 'Create' }).click();
    await editor.locator('.view-lines').click();
    await page.keyboard.type('output "bucket" {\n  value = "logs"\n}\n');

    await waitUntilSaved(page);
    await page.getByTestId('submit').click();
    await page.getByTestId('confirm-submit').click();
    await expect
      .poll(
        async () =>
          (
            await database.db.query(`select 1 from gradings where attempt_id = $1 and kind = 'submit'`, [
              attemptId,
            ])
          ).rowCount,
        { timeout: 15_000 },
      )
      .toBe(1);

    const { rows } = await database.db.query<{ files: { path: string; content: string }[] }>(
      `select files from gradings where attempt_id = $1 and kind = 'submit'`,
      [attemptId],
    );
    const submitted = rows[0]!.files;
    const events = await listEvents(database.db, attemptId);
    const main = submitted.find((f) => f.path === 'main.tf')?.content ?? '';
    for (const line of ['# beta and beta', 'beta = 1', 'beta = 2', '# pasted']) expect(main).toContain(line);
    expect(submitted.find((f) => f.path === 'outputs.tf')?.content).toContain('output "bucket"');
    const kinds = new Set(events.map((e) => e.kind));
    for (const kind of ['edit', 'paste', 'file_create', 'submit']) expect(kinds).toContain(kind);
    expect(
      events.some((e) => e.kind === 'edit' && (e.payload as { changes: unknown[] }).changes.length > 1),
    ).toBe(true);
    const starter = (await loadCatalogue()).challenges.get(SLUG)!.starter;
    expect(fromFileMap(replayFiles(starter, events as ReplayEvent[]))).toEqual(submitted);
    await context.close();

    // What a live environment's terminal would add, recorded by the server.
    await appendServerEvents(database.db, {
      organisationId: org.organisationId,
      attemptId,
      challengeSlug: SLUG,
      events: [
        { kind: 'terminal', payload: { stream: 'output', data: '$ terraform plan\r\nNo changes.\r\n' } },
      ],
    });
    const total = events.length + 1;

    // The interviewer's replay page shows the last moment, then the start, and takes a note.
    const staff = await browser.newPage();
    await signInStaff(staff, server.baseUrl, org.interviewer.email);
    await staff.goto(`${server.baseUrl}/staff/attempts/${attemptId}/replay`);
    const status = staff.getByTestId('replay-status');
    await expect
      .poll(async () => (await status.textContent()) ?? '', { timeout: 15_000 })
      .toContain(`Event ${total} of ${total}`);
    await expect
      .poll(async () => ((await staff.locator('.xterm-rows').textContent()) ?? '').replace(/\s/g, ' '), {
        timeout: 15_000,
      })
      .toContain('No changes.');
    await staff.getByTestId('marker-paste').first().waitFor();
    expect(await staff.getByTestId('replay-moments').textContent()).toMatch(
      /pasted \d+ characters into main\.tf/,
    );
    await staff.getByTestId('replay-diff').selectOption('starter');
    await staff.getByTestId('replay-editor').locator('.monaco-diff-editor').waitFor({ timeout: 15_000 });
    await staff.getByTestId('replay-diff').selectOption('none');
    await staff.getByTestId('replay-file-outputs.tf').click();
    const replayEditor = staff.getByTestId('replay-editor');
    await expect
      // Monaco renders spaces as no-break spaces.
      .poll(
        async () => ((await replayEditor.locator('.view-lines').textContent()) ?? '').replace(/\s/g, ' '),
        {
          timeout: 15_000,
        },
      )
      .toContain('output "bucket"');

    await staff.locator('body').click({ position: { x: 5, y: 5 } });
    await staff.keyboard.press('Home');
    await expect.poll(async () => (await status.textContent()) ?? '').toContain(`Event 0 of ${total}`);
    await expect(staff.getByTestId('replay-file-outputs.tf').count()).resolves.toBe(0);

    // Playing from the start moves through the events.
    await staff.getByTestId('replay-play').click();
    await expect
      .poll(async () => Number(/Event (\d+) of/.exec((await status.textContent()) ?? '')?.[1]), {
        timeout: 15_000,
      })
      .toBeGreaterThan(0);
    await staff.getByTestId('replay-play').click();
    await staff.keyboard.press('Home');
    await expect.poll(async () => (await status.textContent()) ?? '').toContain(`Event 0 of ${total}`);

    await staff.getByTestId('replay-note-input').fill('Started by reading main.tf');
    await staff.getByTestId('replay-note-add').click();
    await expect.poll(() => staff.getByTestId('replay-note').count()).toBe(1);
    await staff.keyboard.press('End');
    await staff.locator('body').click({ position: { x: 5, y: 5 } });
    await staff.keyboard.press('End');
    await expect.poll(async () => (await status.textContent()) ?? '').toContain(`Event ${total} of`);
    await staff.getByTestId('replay-note').click();
    await expect.poll(async () => (await status.textContent()) ?? '').toContain(`Event 0 of ${total}`);
    await staff.close();
  });
});
