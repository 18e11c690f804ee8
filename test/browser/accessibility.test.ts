import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scheduleInterview } from '../../server/commands/schedule-interview.ts';
import { findStaffById } from '../../server/queries/staff.ts';
import { createTestApiToken } from '../support/api-tokens.ts';
import {
  CLIENT_DIST,
  launchChromium,
  requireBuiltClient,
  signInStaff,
  startAndEditMainTf,
  waitUntilSaved,
} from '../support/browser.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import {
  createInvitation,
  createOrganisation,
  PASSWORD,
  storeSubmission,
  type TestOrganisation,
} from '../support/factories.ts';
import { type LiveTestApp, startLiveTestApp } from '../support/live.ts';

/**
 * axe-core on every candidate and staff page, against WCAG 2.0, 2.1 and 2.2 A and AA: no serious
 * or critical violation anywhere. Each page is scanned once its data has loaded (its heading shows
 * and nothing says "Loading…"), so a violation in the loaded page cannot hide behind a spinner.
 */
const SLUGS = ['terraform-refactor', 'cicd-canary'];
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

let database: TestDatabase;
let app: LiveTestApp;
let browser: Browser;
let org: TestOrganisation;
const seeded = { graded: '', other: '', interview: '' };

beforeAll(async () => {
  requireBuiltClient();
  database = await createTestDatabase();
  app = await startLiveTestApp(database.db, { clientDist: CLIENT_DIST });
  org = await createOrganisation(database.db, SLUGS);
  const checksOf = (slug: string) => app.catalogue.challenges.get(slug)!.manifest.checks;
  for (const [key, name, pass] of [
    ['graded', 'Graded Grace', (i: number) => (i % 3 === 0 ? 0.5 : 1)],
    ['other', 'Other Otto', (i: number) => (i < 3 ? 1 : 0)],
  ] as const) {
    const { attemptId } = await createInvitation(database.db, org, { name });
    for (const [index, slug] of SLUGS.entries()) {
      await storeSubmission(
        database.db,
        app.catalogue,
        attemptId,
        slug,
        { scores: Object.fromEntries(checksOf(slug).map((c, i) => [c.id, pass(i)])) },
        { submitAttempt: index === SLUGS.length - 1 },
      );
    }
    seeded[key] = attemptId;
  }
  // Something on every list: an emailed invitation (the outbox), an API token, a webhook, an interview.
  const staff = app.client();
  await staff.post('/api/staff/sign-in', { email: org.manager.email, password: PASSWORD });
  const invited = await staff.post(`/api/staff/assessments/${org.assessmentId}/invitations`, {
    candidateName: 'Mailed Mo',
    candidateEmail: 'mailed-mo@example.com',
  });
  expect(invited.status).toBe(201);
  const hook = await staff.post('/api/staff/webhooks', {
    url: 'https://hooks.example.com/gauntlet',
    description: 'Accessibility walk',
    eventTypes: ['attempt.submitted'],
  });
  expect(hook.status).toBe(201);
  await createTestApiToken(database.db, org, ['write:invitations']);
  const manager = await findStaffById(database.db, org.manager.id);
  if (!manager) throw new Error('no manager');
  const { interviewId } = await scheduleInterview(
    { config: app.managerDeps.config, db: database.db, catalogue: app.catalogue, queue: app.queue },
    manager,
    {
      title: 'Live round for the walk',
      challengeSlugs: ['terraform-refactor'],
      startsAt: new Date().toISOString(),
      durationMinutes: 60,
      meetingUrl: null,
      candidateName: 'Interviewed Ida',
      candidateEmail: 'ida@example.com',
    },
    { organisationId: org.organisationId, actorId: org.manager.id, ip: '127.0.0.1' },
  );
  seeded.interview = interviewId;
  browser = await launchChromium();
}, 120_000);
afterAll(async () => {
  await browser?.close();
  await app?.close();
  await database?.drop();
});

/** Waits until the page has its main content and no visible part of it is still loading. */
async function settled(page: Page, ready?: string): Promise<void> {
  await page.locator('main').first().waitFor({ timeout: 15_000 });
  if (ready) await page.locator(ready).first().waitFor({ timeout: 15_000 });
  await nothingLoading(page);
}

/** Waits until no visible part of the page says it is loading or starting. */
async function nothingLoading(page: Page): Promise<void> {
  const loading = page.getByText(/^(Loading|Starting)\b.*…$/).filter({ visible: true });
  await expect.poll(() => loading.count(), { timeout: 15_000 }).toBe(0);
}

const violationsByPage = new Map<string, string[]>();

/** Runs axe on the page as it is and records its serious and critical violations under `name`. */
async function scan(page: Page, name: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  violationsByPage.set(
    name,
    serious.flatMap((v) =>
      v.nodes.map((n) => `${v.id} (${v.impact}) at ${n.target.join(' ')}: ${n.failureSummary ?? v.help}`),
    ),
  );
  expect(results.url).toContain(app.baseUrl);
  expect(results.passes.length).toBeGreaterThan(0);
}

/** Fails with every page's violations listed, so one run shows all that is left to fix. */
function expectNoViolations(names: readonly string[]) {
  const found = names.flatMap((name) =>
    (violationsByPage.get(name) ?? ['not scanned']).map((v) => `${name}: ${v}`),
  );
  expect(found, found.join('\n')).toEqual([]);
}

describe('axe-core (WCAG 2.2 AA) in Chromium', { timeout: 420_000 }, () => {
  it('finds no serious or critical violation on any candidate page', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const { token } = await createInvitation(database.db, org, { name: 'Walking Wanda' });

    await page.goto(`${app.baseUrl}/invite/${'x'.repeat(43)}`);
    await page.getByTestId('invitation-error').waitFor();
    await scan(page, 'invitation error');

    await page.goto(`${app.baseUrl}/no-such-page`);
    await settled(page);
    await scan(page, 'page not found');

    await page.goto(`${app.baseUrl}/invite/${token}`);
    await page.getByTestId('start-attempt').waitFor();
    await expect
      .poll(() => page.getByTestId('system-check-summary').getAttribute('data-verdict'), { timeout: 20_000 })
      .not.toBe('running');
    await scan(page, 'invitation intro');

    // The practice before the clock: its terminal and editor open, a check's result shown.
    await page.getByTestId('practice-start').click();
    await page
      .getByTestId('practice')
      .getByTestId('terminal')
      .locator('.xterm-rows')
      .getByText('sre@web-1')
      .first()
      .waitFor({ timeout: 30_000 });
    await page.getByTestId('practice-check').click();
    await page.getByTestId('practice-result').waitFor({ timeout: 20_000 });
    await nothingLoading(page);
    await scan(page, 'invitation intro, practice running');

    await startAndEditMainTf(page);
    await page.keyboard.type('\n# walked by axe\n');
    await waitUntilSaved(page);
    await scan(page, 'workspace (files challenge)');

    // The queue only records: the run is graded here as a worker would, and its results show.
    await page.getByTestId('run-checks').click();
    await expect.poll(() => app.queue.ids.length, { timeout: 15_000 }).toBe(1);
    await app.grade(app.queue.ids[0]!);
    await expect.poll(() => page.getByTestId('check-result').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await scan(page, 'workspace with check results');

    await page.getByTestId('submit').click();
    await page.getByTestId('confirm-submit').waitFor();
    await scan(page, 'submit confirmation');
    await page.getByTestId('confirm-submit').click();
    await expect.poll(() => app.queue.ids.length, { timeout: 15_000 }).toBe(2);
    await app.grade(app.queue.ids[1]!);
    await page.getByText(/submitted this challenge/).waitFor();
    await scan(page, 'workspace, challenge submitted');

    await page.getByRole('tab', { name: /canary/ }).click();
    await page.getByTestId('submit').click();
    await page.getByTestId('confirm-submit').click();
    await expect.poll(() => app.queue.ids.length, { timeout: 15_000 }).toBe(3);
    await app.grade(app.queue.ids[2]!);
    await page.reload();
    await page.locator('.attempt-finished h1').waitFor();
    await scan(page, 'finished');
    await context.close();

    expectNoViolations([
      'invitation error',
      'page not found',
      'invitation intro',
      'invitation intro, practice running',
      'workspace (files challenge)',
      'workspace with check results',
      'submit confirmation',
      'workspace, challenge submitted',
      'finished',
    ]);
  });

  it('finds no serious or critical violation in a live challenge, its terminal open', async () => {
    const liveOrg = await createOrganisation(database.db, ['pegged-database']);
    const { token } = await createInvitation(database.db, liveOrg, { name: 'Live Lou' });
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${app.baseUrl}/invite/${token}`);
    await page.getByTestId('start-attempt').click();
    const terminal = page.getByTestId('terminal');
    await terminal.locator('.xterm-rows').getByText('sre@orders-db').first().waitFor({ timeout: 60_000 });
    await scan(page, 'live workspace');
    await page.getByTestId('terminal-screen-reader').check();
    await terminal.locator('.xterm-accessibility-tree').waitFor({ state: 'attached' });
    await scan(page, 'live workspace, screen reader mode');
    await context.close();
    expectNoViolations(['live workspace', 'live workspace, screen reader mode']);
  });

  it('finds no serious or critical violation in a design challenge, its canvas open', async () => {
    const designOrg = await createOrganisation(database.db, ['ha-web-architecture']);
    const { token } = await createInvitation(database.db, designOrg, { name: 'Drawing Dee' });
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${app.baseUrl}/invite/${token}`);
    await page.getByTestId('start-attempt').click();
    // The starter holds a design on AWS: the canvas opens on it.
    await page.getByTestId('file-architecture.json').click();
    await page.getByTestId('design-canvas').waitFor();
    await page.locator('.react-flow__node').first().waitFor();
    await nothingLoading(page);
    await scan(page, 'design canvas');
    await context.close();
    expectNoViolations(['design canvas']);
  });

  it('finds no serious or critical violation on any staff page', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${app.baseUrl}/`);
    await settled(page);
    await scan(page, 'sign-in');
    await signInStaff(page, app.baseUrl, org.manager.email);

    const pages: [string, string, string?][] = [
      ['attempts', '/staff', '[data-testid="attempt-row"]'],
      ['catalogue', '/staff/catalogue'],
      ['assessments', '/staff/assessments', '[data-testid="assessment-card"]'],
      ['assessment', `/staff/assessments/${org.assessmentId}`],
      ['comparison', `/staff/assessments/${org.assessmentId}/compare`],
      ['review', `/staff/attempts/${seeded.graded}`, '[data-testid="review-form"]'],
      ['replay', `/staff/attempts/${seeded.graded}/replay`],
      ['report', `/staff/attempts/${seeded.graded}/report`, '[data-testid="report"]'],
      ['interviews', '/staff/interviews'],
      ['interview room', `/staff/interviews/${seeded.interview}`],
      ['outbox', '/staff/outbox'],
      ['API tokens', '/staff/api-tokens'],
      ['SSO settings', '/staff/sso'],
      ['webhooks', '/staff/webhooks'],
      ['ATS', '/staff/ats'],
    ];
    for (const [name, url, ready] of pages) {
      await page.goto(`${app.baseUrl}${url}`);
      try {
        await settled(page, ready);
      } catch (error) {
        violationsByPage.set(name, [`did not load: ${(error as Error).message.split('\n')[0]}`]);
        continue;
      }
      await scan(page, name);
    }
    await context.close();
    expectNoViolations(['sign-in', ...pages.map(([name]) => name)]);
  });
});
