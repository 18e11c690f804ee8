import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAttemptFiles } from '../../server/queries/files.ts';
import { CLIENT_DIST, launchChromium, requireBuiltClient, signInStaff } from '../support/browser.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import {
  createOrganisation,
  createStaffMember,
  PASSWORD,
  type TestOrganisation,
} from '../support/factories.ts';
import { type LiveTestApp, startLiveTestApp } from '../support/live.ts';

/**
 * A live interview in Chromium, three people on three pages: scheduled through the form, the files
 * edited together (the same line at once, and across a dropped connection), a shadow who cannot
 * type, the interviewer's panel, and on a live incident the keyboard hand-over and a complication
 * that changes the running system, seen on both pages and in the replay.
 */
let database: TestDatabase;
let app: LiveTestApp;
let browser: Browser;
let org: TestOrganisation;
let shadowEmail: string;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  requireBuiltClient();
  database = await createTestDatabase();
  app = await startLiveTestApp(database.db, { clientDist: CLIENT_DIST });
  org = await createOrganisation(database.db, ['terraform-refactor', 'pegged-database']);
  shadowEmail = (await createStaffMember(database.db, org, 'interviewer', 'Sam Shadow')).email;
  browser = await launchChromium();
});
afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  await app?.close();
  await database?.drop();
});

/** A page in a browser of its own (its own cookies), as each person has. */
async function person(): Promise<Page> {
  const context = await browser.newContext();
  contexts.push(context);
  return context.newPage();
}

/** The first line of the shared editor as its page shows it. */
const firstLine = (page: Page) =>
  page
    .getByTestId('collab-editor')
    .locator('.view-line')
    .first()
    .textContent()
    .then((text) => (text ?? '').replaceAll('\u00a0', ' '));

async function openMainTf(page: Page) {
  await page.getByTestId('file-main.tf').click();
  const editor = page.getByTestId('collab-editor');
  await editor.locator('.monaco-editor').waitFor();
  return editor;
}

/** Schedules through the staff form, in a slot starting now; returns the candidate's link and the room. */
async function schedule(manager: Page, slug: string): Promise<{ link: string; room: string }> {
  await signInStaff(manager, app.baseUrl, org.manager.email);
  await manager.getByRole('link', { name: 'Interviews' }).click();
  await manager.getByTestId('interview-title').fill(`Live round on ${slug}`);
  await manager.getByTestId(`choose-${slug}`).check();
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  await manager
    .getByTestId('interview-startsAt')
    .fill(
      `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}T${pad(now.getHours())}:${pad(now.getMinutes())}`,
    );
  await manager.getByTestId('interview-candidateName').fill('Grace Hopper');
  await manager.getByTestId('interview-candidateEmail').fill(`grace-${slug}@example.com`);
  // A link that is no web address is refused under its own field.
  await manager.getByTestId('interview-meetingUrl').fill('javascript:alert(1)');
  await manager.getByTestId('schedule-submit').click();
  await expect.poll(() => manager.getByTestId('interview-meetingUrl-error').textContent()).toMatch(/http/);
  await manager.getByTestId('interview-meetingUrl').fill('https://meet.example.com/abc-defg-hij');
  await manager.getByTestId('schedule-submit').click();
  const link = (await manager.getByTestId('invitation-link').textContent()) ?? '';
  expect(link).toMatch(/\/invite\//);
  const row = manager.getByTestId('interview-row').filter({ hasText: `Live round on ${slug}` });
  const room = (await row.getByTestId('interview-room-link').getAttribute('href')) ?? '';
  expect(room).toMatch(/^\/staff\/interviews\/[0-9a-f-]{36}$/);
  return { link, room };
}

async function signedInManager() {
  const staff = app.client();
  await staff.post('/api/staff/sign-in', { email: org.manager.email, password: PASSWORD });
  return staff;
}

async function joinRoom(page: Page, email: string, room: string, as: 'interviewer' | 'shadow') {
  await signInStaff(page, app.baseUrl, email);
  await page.goto(`${app.baseUrl}${room}`);
  await page.getByTestId(as === 'interviewer' ? 'join-interviewer' : 'join-shadow').click();
  await expect.poll(() => page.getByTestId('my-role').textContent()).toBe(as);
}

describe('a live interview in Chromium', { timeout: 240_000 }, () => {
  it('edits files together: the same line at once, across a dropped connection, never by a shadow', async () => {
    const { link, room } = await schedule(await person(), 'terraform-refactor');
    const interviewer = await person();
    await joinRoom(interviewer, org.interviewer.email, room, 'interviewer');
    const candidate = await person();
    await candidate.goto(link);
    await candidate.getByTestId('start-attempt').click();
    await expect
      .poll(() => candidate.getByTestId('meeting-link').getAttribute('href'))
      .toBe('https://meet.example.com/abc-defg-hij');
    const shadow = await person();
    await joinRoom(shadow, shadowEmail, room, 'shadow');

    // All three on main.tf; the candidate (at its start) and the interviewer (at its end) type into
    // its first line at once. (At the very same spot the keystrokes would interleave: also converged.)
    const editors = [];
    for (const page of [candidate, interviewer, shadow]) editors.push(await openMainTf(page));
    for (const [index, page] of [candidate, interviewer].entries()) {
      await editors[index]?.locator('.view-lines').click();
      await page.keyboard.press('Control+Home');
    }
    await interviewer.keyboard.press('End');
    await Promise.all([
      candidate.keyboard.type('# candidate-typed ', { delay: 15 }),
      interviewer.keyboard.type(' # interviewer-typed', { delay: 15 }),
    ]);
    await expect
      .poll(async () => new Set(await Promise.all([candidate, interviewer, shadow].map(firstLine))).size, {
        timeout: 15_000,
      })
      .toBe(1);
    const line = await firstLine(candidate);
    expect(line).toContain('candidate-typed');
    expect(line).toContain('interviewer-typed');
    // Each participant's cursor shows on the others' pages with their name.
    await candidate.locator('[class*="yRemoteSelectionHead-"]').first().waitFor();

    // The shadow's editor is read-only: what they type changes nothing anywhere.
    await editors[2]?.locator('.view-lines').click();
    await shadow.keyboard.type('shadow-was-here');
    await candidate.waitForTimeout(500);
    expect(await firstLine(candidate)).not.toContain('shadow-was-here');
    expect(await firstLine(shadow)).not.toContain('shadow-was-here');

    // The interviewer's connection drops; both keep typing; nothing is lost once it is back.
    await interviewer.context().setOffline(true);
    app.collab.hocuspocus.closeConnections();
    await interviewer.keyboard.press('Control+Home');
    await interviewer.keyboard.type('# offline-edit ');
    await editors[0]?.locator('.view-lines').click();
    await candidate.keyboard.press('Control+Home');
    await candidate.keyboard.type('# meanwhile-edit ');
    await interviewer.waitForTimeout(1000);
    await interviewer.context().setOffline(false);
    await expect
      .poll(async () => new Set(await Promise.all([candidate, interviewer].map(firstLine))).size, {
        timeout: 40_000,
      })
      .toBe(1);
    const merged = await firstLine(candidate);
    expect(merged).toContain('offline-edit');
    expect(merged).toContain('meanwhile-edit');

    // What everyone sees is what grading reads.
    const { interview } = (await (await signedInManager()).get(`/api/staff${room.replace('/staff', '')}`))
      .body;
    await expect
      .poll(
        async () => {
          const files = await listAttemptFiles(database.db, interview.attemptId, 'terraform-refactor');
          const saved = files.find((f) => f.path === 'main.tf')?.content.split('\n')[0] ?? '';
          return ['offline-edit', 'meanwhile-edit', 'candidate-typed', 'interviewer-typed'].filter(
            (marker) => !saved.includes(marker),
          );
        },
        { timeout: 10_000 },
      )
      .toEqual([]);
  });
  it('hands the terminal’s keyboard over and back, and a complication shows on both pages and in the replay', async () => {
    const { link, room } = await schedule(await person(), 'pegged-database');
    const interviewer = await person();
    await joinRoom(interviewer, org.interviewer.email, room, 'interviewer');
    const candidate = await person();
    await candidate.goto(link);
    await candidate.getByTestId('start-attempt').click();
    const candidateTerm = candidate.getByTestId('terminal').locator('.xterm-rows');
    await candidateTerm.getByText('sre@orders-db').first().waitFor({ timeout: 60_000 });
    const staffTerm = interviewer.getByTestId('terminal').locator('.xterm-rows');
    // The room polls for the candidate's start, then for their environment; the terminal is
    // connected once the keyboard's state arrives (what it shows is checked live below).
    await interviewer.getByTestId('keyboard-holder').waitFor({ timeout: 60_000 });
    const shadow = await person();
    await joinRoom(shadow, shadowEmail, room, 'shadow');
    const shadowTerm = shadow.getByTestId('terminal').locator('.xterm-rows');
    // Connected once the keyboard's state arrives (what it shows is checked live below).
    await shadow.getByTestId('keyboard-holder').waitFor({ timeout: 60_000 });

    // Keys of anyone without the keyboard never reach the shell: the interviewer's, the shadow's.
    await interviewer.getByTestId('terminal').click();
    await interviewer.keyboard.type('echo interviewer-without-keyboard');
    await shadow.getByTestId('terminal').click();
    await shadow.keyboard.type('echo shadow-typed');
    await shadow.keyboard.press('Enter');
    // A shadow has nothing to ask for the keyboard with.
    expect(await shadow.getByTestId('keyboard-request').count()).toBe(0);

    // The hand-over: the interviewer asks, the candidate gives, the interviewer types, the candidate takes it back.
    await interviewer.getByTestId('keyboard-request').click();
    await candidate.getByTestId('keyboard-give').click();
    await interviewer.getByTestId('keyboard-holder').getByText('You have the keyboard').waitFor();
    await interviewer.getByTestId('terminal').click();
    await interviewer.keyboard.type('echo by-the-interviewer-$((40+2))');
    await interviewer.keyboard.press('Enter');
    for (const rows of [candidateTerm, staffTerm, shadowTerm]) {
      await rows.getByText(/^by-the-interviewer-42\s*$/).waitFor({ timeout: 15_000 });
    }
    await candidate.getByTestId('keyboard-take-back').click();
    await candidate.getByTestId('keyboard-holder').getByText('You have the keyboard').waitFor();
    for (const rows of [candidateTerm, staffTerm, shadowTerm]) {
      const text = (await rows.textContent()) ?? '';
      expect(text).not.toContain('interviewer-without-keyboard');
      expect(text).not.toContain('shadow-typed');
    }

    // The interviewer makes the incident worse: a second runaway report starts in the live database.
    await interviewer.getByTestId('complication-second-runaway-query-trigger').click();
    await interviewer.getByTestId('confirm-complication').click();
    await expect
      .poll(() => interviewer.getByTestId('complication-second-runaway-query-result').textContent(), {
        timeout: 60_000,
      })
      .toMatch(/finance-export/);
    // The candidate looks, and both pages see the running system answer.
    await candidate.getByTestId('terminal').click();
    await candidate.keyboard.type(
      `psql -X -At -c "select 'exports-running=' || count(*) from pg_stat_activity where application_name = 'finance-export'"`,
    );
    await candidate.keyboard.press('Enter');
    for (const rows of [candidateTerm, staffTerm]) {
      await rows.getByText(/^exports-running=1\s*$/).waitFor({ timeout: 15_000 });
    }

    // The replay tells who did what: the complication, the hand-over, the interviewer's typing.
    await interviewer.goto(`${app.baseUrl}${room}`);
    const { interview } = (
      await signedInManager().then((c) => c.get(`/api/staff${room.replace('/staff', '')}`))
    ).body;
    await expect
      .poll(
        async () => {
          await interviewer.goto(`${app.baseUrl}/staff/attempts/${interview.attemptId}/replay`);
          return (
            (await interviewer.getByTestId('replay-moments').textContent({ timeout: 10_000 })) ?? ''
          ).replaceAll('\n', ' ');
        },
        { timeout: 30_000 },
      )
      .toMatch(/triggered: A second runaway query/);
    const moments = await interviewer.getByTestId('replay-moments').textContent();
    expect(moments).toMatch(/Keyboard given to Interviewer/);
    expect(moments).toMatch(/took the keyboard back/);
    expect(moments).toMatch(/Interviewer .*typed in the terminal/);
  });
});
