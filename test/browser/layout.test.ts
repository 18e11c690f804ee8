import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertReview } from '../../server/queries/reviews.ts';
import { CLIENT_DIST, launchChromium, requireBuiltClient, signInStaff } from '../support/browser.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { createInvitation, createOrganisation, storeSubmission } from '../support/factories.ts';
import { type LiveTestApp, startLiveTestApp } from '../support/live.ts';

// Sub-pixel layout: an edge may land half a pixel past another without anything showing outside.
const EPSILON = 0.5;
let database: TestDatabase;
let app: LiveTestApp;
let browser: Browser;

beforeAll(async () => {
  requireBuiltClient();
  database = await createTestDatabase();
  app = await startLiveTestApp(database.db, { clientDist: CLIENT_DIST });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  // Also removes the live environment the workspace test started.
  await app?.close();
  await database?.drop();
});

type Box = { x: number; y: number; width: number; height: number };

async function boxOf(locator: Locator): Promise<Box> {
  const box = await locator.boundingBox();
  if (!box) throw new Error(`${locator} is not shown`);
  return box;
}

/** Where `inner` sticks out of `outer`, in words (empty when it lies inside). */
function outside(inner: Box, outer: Box): string[] {
  const sides = [
    ['left', outer.x - inner.x],
    ['right', inner.x + inner.width - (outer.x + outer.width)],
    ['top', outer.y - inner.y],
    ['bottom', inner.y + inner.height - (outer.y + outer.height)],
  ] as const;
  return sides.filter(([, by]) => by > EPSILON).map(([side, by]) => `${side} by ${Math.round(by)} px`);
}

/** Elements (outside SVG drawings) whose right edge passes the element's own, with how far. */
function overflowingDescendants(page: Page, selector: string) {
  return page.evaluate((selector) => {
    const root = document.querySelector(selector);
    if (!root) throw new Error(`${selector} is missing`);
    const right = root.getBoundingClientRect().right;
    return [...root.querySelectorAll('*')]
      .filter((el) => el.closest('svg') === null || el.tagName === 'svg')
      .map((el) => ({ el, by: el.getBoundingClientRect().right - right }))
      .filter(({ by }) => by > 0.5)
      .map(({ el, by }) => `${el.tagName.toLowerCase()}.${el.className} by ${Math.round(by)} px`);
  }, selector);
}

describe('in Chromium', () => {
  it('the printable report keeps its level estimate, Print button and table inside its card', async () => {
    const org = await createOrganisation(database.db, ['terraform-refactor', 'cicd-canary']);
    const { attemptId } = await createInvitation(database.db, org, {
      name: 'Maximiliana Featherstonehaugh-Wolfeschlegel',
    });
    const checksOf = (slug: string) => app.catalogue.challenges.get(slug)?.manifest.checks ?? [];
    await storeSubmission(database.db, app.catalogue, attemptId, 'terraform-refactor', {
      scores: Object.fromEntries(checksOf('terraform-refactor').map((c, i) => [c.id, i % 3 === 0 ? 0.5 : 1])),
    });
    await storeSubmission(
      database.db,
      app.catalogue,
      attemptId,
      'cicd-canary',
      { scores: Object.fromEntries(checksOf('cicd-canary').map((c, i) => [c.id, i % 2])) },
      { submitAttempt: true },
    );
    // A review fills every column (interviewers, calibrated, spread) and lengthens the level's reasons.
    await insertReview(database.db, {
      organisationId: org.organisationId,
      attemptId,
      reviewerId: org.interviewer.id,
      recommendation: 'yes',
      summary: 'Careful with state moves; the canary gate needs work.',
      ratings: ['architecture', 'iac', 'cicd', 'security', 'operations'].map((dimension, i) => ({
        dimension: dimension as 'iac',
        rating: 1 + (i % 4),
        notes: '',
      })),
    });

    // The width of the issue (1440), and a small laptop's (1024) where the chart must go below.
    for (const viewport of [
      { width: 1440, height: 900 },
      { width: 1024, height: 768 },
    ]) {
      const context = await browser.newContext({ viewport });
      const page = await context.newPage();
      await signInStaff(page, app.baseUrl, org.manager.email);
      await page.goto(`${app.baseUrl}/staff/attempts/${attemptId}/report`);
      await page.getByTestId('level-estimate').waitFor();
      await page.getByTestId('report-calibrated-iac').waitFor();

      const card = await boxOf(page.getByTestId('report'));
      const level = await boxOf(page.getByRole('region', { name: 'Level estimate' }));
      const print = await boxOf(page.getByRole('button', { name: 'Print' }));
      const table = await boxOf(page.locator('.report-table'));
      const chart = await boxOf(page.getByRole('img', { name: /auto and interviewer scores/ }));
      const where = `at ${viewport.width} px`;
      expect(outside(level, card), `level estimate ${where}`).toEqual([]);
      expect(outside(print, card), `Print button ${where}`).toEqual([]);
      expect(outside(table, card), `table ${where}`).toEqual([]);
      expect(outside(chart, card), `chart ${where}`).toEqual([]);
      // The chart never covers the table: beside it or below it.
      expect(chart.x >= table.x + table.width - EPSILON || chart.y >= table.y + table.height - EPSILON).toBe(
        true,
      );
      const { scrollWidth, clientWidth } = await page
        .getByTestId('report')
        .evaluate((el) => ({ scrollWidth: el.scrollWidth, clientWidth: el.clientWidth }));
      expect(scrollWidth, `report card ${where}`).toBeLessThanOrEqual(clientWidth);
      expect(await overflowingDescendants(page, '[data-testid="report"]'), where).toEqual([]);
      // The card itself fits the window.
      expect(
        outside(card, { x: 0, y: 0, width: viewport.width, height: card.y + card.height }),
        where,
      ).toEqual([]);
      await context.close();
    }
  });

  it("a manager's header, with all nine sections, stays inside the window down to 768 px", async () => {
    const org = await createOrganisation(database.db, ['terraform-refactor']);
    for (const viewport of [
      { width: 1440, height: 900 },
      { width: 1024, height: 768 },
      { width: 768, height: 1024 },
    ]) {
      const where = `at ${viewport.width} px`;
      const context = await browser.newContext({ viewport });
      const page = await context.newPage();
      await signInStaff(page, app.baseUrl, org.manager.email);
      const nav = page.getByRole('navigation', { name: 'Staff pages' });
      await nav.getByRole('link', { name: 'ATS' }).waitFor();
      const header = await boxOf(page.locator('.staff-header'));
      expect(
        outside(header, { x: 0, y: 0, width: viewport.width, height: header.y + header.height }),
        where,
      ).toEqual([]);
      expect(await overflowingDescendants(page, '.staff-header'), where).toEqual([]);
      const links = nav.getByRole('link');
      expect(await links.count(), where).toBe(9);
      for (const link of await links.all()) {
        expect(outside(await boxOf(link), header), `${await link.textContent()} ${where}`).toEqual([]);
      }
      for (const name of ['Sign out']) {
        expect(outside(await boxOf(page.getByRole('button', { name })), header), `${name} ${where}`).toEqual(
          [],
        );
      }
      expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), where).toBe(
        0,
      );
      await context.close();
    }
  });

  it('from 1280×720 up, a live incident keeps the brief, the terminal and the editor usable, all on screen', async () => {
    const org = await createOrganisation(database.db, ['pegged-database']);
    const { token } = await createInvitation(database.db, org, { name: 'Layout Candidate' });
    // Opened at another size, so that each size below is a resize of a connected terminal.
    const context = await browser.newContext({ viewport: { width: 1200, height: 700 } });
    const page = await context.newPage();
    await page.goto(`${app.baseUrl}/invite/${token}`);
    await page.getByTestId('start-attempt').click();
    const terminal = page.getByTestId('terminal');
    await terminal.locator('.xterm-rows').getByText('sre@orders-db').first().waitFor({ timeout: 30_000 });
    await page.getByTestId('file-INCIDENT.md').click();
    await page.getByTestId('editor').getByText('# Incident').first().waitFor();

    // The laptop (1280×720), the commonest one (1366×768), and a desktop where the four panes
    // stand side by side (1920×1080).
    for (const viewport of [
      { width: 1280, height: 720 },
      { width: 1366, height: 768 },
      { width: 1920, height: 1080 },
    ]) {
      const where = `at ${viewport.width}×${viewport.height}`;
      await page.setViewportSize(viewport);
      // Minimums for someone working, not just something drawn: ~40 characters a line of the brief;
      // 10 terminal rows (a command and a screen of psql or top); 8 lines of the note in an editor
      // about 55 characters wide.
      const brief = await boxOf(page.getByTestId('brief'));
      const screen = await boxOf(terminal);
      const editor = await boxOf(page.getByTestId('editor'));
      expect(brief.width, `brief width ${where}`).toBeGreaterThanOrEqual(280);
      expect(screen.height, `terminal height ${where}`).toBeGreaterThanOrEqual(160);
      expect(editor.width, `editor width ${where}`).toBeGreaterThanOrEqual(480);
      expect(editor.height, `editor height ${where}`).toBeGreaterThanOrEqual(160);

      const onScreen = { x: 0, y: 0, ...viewport };
      for (const [name, locator] of [
        ['brief', page.getByRole('complementary', { name: 'Challenge brief' })],
        ['files', page.locator('.file-tree')],
        ['terminal', page.getByRole('region', { name: 'Terminal' })],
        ['editor', page.getByRole('region', { name: 'Editor' })],
        ['Run checks', page.getByTestId('run-checks')],
        ['Submit', page.getByTestId('submit')],
      ] as const) {
        expect(outside(await boxOf(locator), onScreen), `${name} ${where}`).toEqual([]);
      }
      const overflow = await page.evaluate(() => {
        const workspace = document.querySelector('.challenge-workspace');
        return {
          page: document.documentElement.scrollWidth - window.innerWidth,
          workspace: workspace ? workspace.scrollWidth - workspace.clientWidth : null,
        };
      });
      expect(overflow, where).toEqual({ page: 0, workspace: 0 });
      const panes = [brief, screen, editor];
      for (const [i, a] of panes.entries()) {
        for (const b of panes.slice(i + 1)) {
          const apart =
            a.x + a.width <= b.x + EPSILON ||
            b.x + b.width <= a.x + EPSILON ||
            a.y + a.height <= b.y + EPSILON ||
            b.y + b.height <= a.y + EPSILON;
          expect(apart, `${where}: ${JSON.stringify(a)} overlaps ${JSON.stringify(b)}`).toBe(true);
        }
      }

      // What the shell itself was told, once the terminal has fitted itself to the new size: the
      // 80 columns tools assume. The engine applies a resize on its own, so ask until it has.
      const rowsShown = await settledRows(page);
      const size = await shellSize(page, viewport.width, rowsShown);
      expect(size.rows, `terminal rows ${where}`).toBeGreaterThanOrEqual(10);
      expect(size.cols, `terminal columns ${where}`).toBeGreaterThanOrEqual(80);
    }
    await context.close();
  }, 150_000);
});

/** The rows the terminal shows, once two reads 100 ms or more apart agree (its fit runs after layout). */
async function settledRows(page: Page): Promise<number> {
  let last = -1;
  let settled = -1;
  await expect
    .poll(async () => {
      const now = await page.getByTestId('terminal').locator('.xterm-rows > div').count();
      settled = now === last ? now : -1;
      last = now;
      return settled;
    })
    .toBeGreaterThan(0);
  return settled;
}

/**
 * The shell's own `stty size`, asked again until its rows are the ones the terminal shows: the
 * engine applies a resize on its own time.
 */
async function shellSize(
  page: Page,
  tag: number,
  rowsShown: number,
): Promise<{ rows: number; cols: number }> {
  const terminal = page.getByTestId('terminal');
  let asked = 0;
  let size = { rows: 0, cols: 0 };
  await expect
    .poll(
      async () => {
        asked += 1;
        const marker = `size-${tag}-${asked}`;
        await terminal.click();
        await page.keyboard.type(`echo "${marker}:$(stty size)"`);
        await page.keyboard.press('Enter');
        const answer = terminal
          .locator('.xterm-rows')
          .getByText(new RegExp(`^${marker}:\\d+ \\d+\\s*$`))
          .first();
        await answer.waitFor();
        const [rows = 0, cols = 0] = ((await answer.textContent()) ?? '')
          .replace(`${marker}:`, '')
          .trim()
          .split(' ')
          .map(Number);
        size = { rows, cols };
        return rows;
      },
      { timeout: 15_000 },
    )
    .toBe(rowsShown);
  return size;
}
