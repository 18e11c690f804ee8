/**
 * The design canvas in real Chromium: a candidate builds a design with the mouse (dragging from the
 * palette, connecting by dragging between handles, tidy layout) and another with the keyboard alone
 * (no pointer press at all), both land in architecture.json as the shared schema reads it, the
 * replay log rebuilds that file exactly, and both submit. The Content-Security-Policy holds through
 * it all, xyflow's inline styles and elkjs's layout included.
 *
 * The challenge is the test fixture design-probe (an empty architecture.json), so this test does not
 * depend on the ha-web-architecture package or its grader.
 */
import { mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { type Catalogue, loadCatalogue } from '../../server/challenges/load.ts';
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
  waitUntilSaved,
} from '../support/browser.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import {
  chooseWithArrows,
  countPointerPresses,
  dragConnect,
  edgeTriples,
  savedArchitecture,
  tabTo,
  tabToSelector,
  watchPolicy,
} from '../support/design-canvas.ts';
import { createInvitation, createOrganisation, type TestOrganisation } from '../support/factories.ts';
import { listen } from '../support/http.ts';

const SLUG = 'design-probe';
const FIXTURE = path.resolve(import.meta.dirname, `../fixtures/challenges/${SLUG}`);
let database: TestDatabase;
let browser: Browser;
let server: Awaited<ReturnType<typeof listen>>;
let catalogue: Catalogue;
let org: TestOrganisation;
let catalogueDir: string | undefined;
/** The keyboard-built attempt, which the replay and review test reads after it is submitted. */
let keyboardAttemptId: string | undefined;

beforeAll(async () => {
  requireBuiltClient();
  database = await createTestDatabase();
  // A catalogue of the fixture alone (and the real rubric): other packages, finished or not, stay out.
  catalogueDir = await mkdtemp(path.join(tmpdir(), 'design-canvas-'));
  await symlink(
    path.resolve(import.meta.dirname, '../../challenges/rubric.yaml'),
    path.join(catalogueDir, 'rubric.yaml'),
  );
  await symlink(FIXTURE, path.join(catalogueDir, SLUG));
  catalogue = await loadCatalogue(catalogueDir);
  const config = configWith({ SESSION_SECRET: 'browser-test-secret-1234' });
  server = await listen(
    createApp({ config, db: database.db, catalogue, queue: recordingQueue() }, { clientDist: CLIENT_DIST }),
  );
  org = await createOrganisation(database.db, [SLUG]);
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await database?.drop();
  if (catalogueDir) await rm(catalogueDir, { recursive: true, force: true });
});

/** The submitted files equal the saved ones, and replaying the log over the starter rebuilds them. */
async function expectSubmittedAndReplayable(attemptId: string): Promise<string> {
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
  const starter = catalogue.challenges.get(SLUG)!.starter;
  expect(fromFileMap(replayFiles(starter, events as ReplayEvent[]))).toEqual(submitted);
  return submitted.find((f) => f.path === 'architecture.json')?.content ?? '';
}

/** Opens the invitation; the page comes with the server's real Content-Security-Policy. */
async function openCanvas(page: Page, token: string) {
  const response = await page.goto(`${server.baseUrl}/invite/${token}`);
  const policy = response?.headers()['content-security-policy'] ?? '';
  expect(policy).toContain("script-src 'self'");
  expect(policy).not.toMatch(/script-src[^;]*unsafe-(inline|eval)/);
}

/** Opens the invitation, starts, picks AWS and waits for the empty canvas, with the mouse. */
async function startAwsDesign(page: Page, token: string) {
  await openCanvas(page, token);
  await page.getByTestId('start-attempt').click();
  await page.getByTestId('cloud-aws').click();
  await page.getByTestId('start-design').click();
  await page.getByTestId('design-canvas').waitFor();
}

describe('the design canvas in Chromium', () => {
  it('builds a design with the mouse: palette drag and press, handle drags, tidy layout, panel edits', async () => {
    const { token, attemptId } = await createInvitation(database.db, org, { name: 'Mouse Designer' });
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    const violations = await watchPolicy(page);
    await startAwsDesign(page, token);

    const pane = page.locator('.react-flow__pane');
    await page.getByTestId('palette-route53').dragTo(pane, { targetPosition: { x: 420, y: 120 } });
    await page.locator('.react-flow__node[data-id="route53"]').waitFor();
    for (const service of ['alb', 'ec2-asg', 'rds-postgres']) {
      await page.getByTestId(`palette-${service}`).click();
      await page.locator(`.react-flow__node[data-id="${service}"]`).waitFor();
    }
    await page.getByTestId('tidy-layout').click();
    await expect
      .poll(() => page.getByTestId('tidy-layout').textContent(), { timeout: 15_000 })
      .toBe('Tidy layout');
    await page.waitForTimeout(300);

    await dragConnect(page, 'internet', 'route53');
    await dragConnect(page, 'route53', 'alb');
    await dragConnect(page, 'alb', 'ec2-asg');
    await dragConnect(page, 'ec2-asg', 'rds-postgres');
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(4);
    // Laid out again with the edges: ELK ranks them left to right inside the region's boxes.
    await page.getByTestId('tidy-layout').click();
    await expect
      .poll(() => page.getByTestId('tidy-layout').textContent(), { timeout: 15_000 })
      .toBe('Tidy layout');

    // Dragging a node moves it in the file once the drag ends.
    await waitUntilSaved(page);
    const tidied = (await savedArchitecture(database.db, attemptId)).components.find(
      (c) => c.id === 'route53',
    );
    const route53 = await page.locator('.react-flow__node[data-id="route53"]').boundingBox();
    if (!route53) throw new Error('route53 is not on the canvas');
    await page.mouse.move(route53.x + route53.width / 2, route53.y + 5);
    await page.mouse.down();
    await page.mouse.move(route53.x + route53.width / 2, route53.y + 105, { steps: 8 });
    await page.mouse.up();

    await page.locator('.react-flow__node[data-id="rds-postgres"]').click();
    await page.getByTestId('component-ha').click();
    await page.getByTestId('zone-us-east-1b').click();
    await page.getByTestId('component-note').click();
    await page.keyboard.type('Multi-AZ: a standby in a second zone, at twice the price.');
    // The text view edits the same file: text that stops parsing shows the schema's problems,
    // and the diagram comes back once it parses again.
    const editor = page.getByTestId('editor');
    await page.getByTestId('design-view-text').click();
    await editor.locator('.monaco-editor').waitFor();
    await editor.locator('.view-lines').click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('oops');
    await page.getByTestId('design-view-diagram').click();
    await expect.poll(() => page.getByTestId('design-problems').textContent()).toContain('not JSON');
    await page.getByTestId('design-show-text').click();
    await editor.locator('.view-lines').click();
    await page.keyboard.press('Control+End');
    for (let i = 0; i < 4; i += 1) await page.keyboard.press('Backspace');
    await page.getByTestId('design-view-diagram').click();
    await page.getByTestId('design-canvas').waitFor();
    await waitUntilSaved(page);

    const doc = await savedArchitecture(database.db, attemptId);
    expect(doc.cloud).toBe('aws');
    expect(doc.components.map((c) => c.service).sort()).toEqual(
      ['alb', 'ec2-asg', 'internet', 'rds-postgres', 'route53'].sort(),
    );
    expect(edgeTriples(doc)).toEqual(
      [
        'internet>route53:request',
        'route53>alb:request',
        'alb>ec2-asg:request',
        'ec2-asg>rds-postgres:request',
      ].sort(),
    );
    const moved = doc.components.find((c) => c.id === 'route53');
    expect(moved?.position?.y ?? 0).toBeGreaterThan(tidied?.position?.y ?? 0);
    const database_ = doc.components.find((c) => c.id === 'rds-postgres');
    expect(database_).toMatchObject({ ha: true, zones: ['us-east-1a', 'us-east-1b'] });
    expect(database_?.note).toContain('Multi-AZ');
    // Tidy layout put every component somewhere of its own.
    expect(new Set(doc.components.map((c) => `${c.position?.x},${c.position?.y}`)).size).toBe(5);

    await page.getByTestId('submit').click();
    await page.getByTestId('confirm-submit').click();
    const submitted = await expectSubmittedAndReplayable(attemptId);
    expect(JSON.parse(submitted)).toEqual(doc);
    expect(violations).toEqual([]);
    await page.close();
  });

  it('switches to the diagram while the text view is still completing, with no error thrown', async () => {
    // Ctrl+Space asks the JSON worker for completions; leaving the text view at once used to dispose
    // the file's model while the worker was still answering, and Monaco's JSON support then read the
    // disposed model ("TextModelPart is disposed!", seen under CI's load). A large file makes the
    // worker's answer slow enough to land after the switch every time.
    const { token, attemptId } = await createInvitation(database.db, org, { name: 'Quick Switcher' });
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    const violations = await watchPolicy(page);
    await startAwsDesign(page, token);
    const editor = page.getByTestId('editor');
    // The text view's model outlives it, so it must catch up with what the diagram did meanwhile:
    // an edit in the text view then keeps the diagram's new component, not an older text.
    await page.getByTestId('design-view-text').click();
    await editor.locator('.view-lines').click();
    await page.getByTestId('design-view-diagram').click();
    await page.getByTestId('palette-alb').click();
    await page.locator('.react-flow__node[data-id="alb"]').waitFor();
    await waitUntilSaved(page);
    await page.getByTestId('design-view-text').click();
    await editor.locator('.view-lines').click();
    await page.keyboard.press('Control+Home');
    await page.keyboard.press('End');
    await page.keyboard.type(' ');
    await page.getByTestId('design-view-diagram').click();
    await page.locator('.react-flow__node[data-id="alb"]').waitFor();
    await waitUntilSaved(page);
    const designed = await savedArchitecture(database.db, attemptId);
    expect(designed.components.map((c) => c.id)).toContain('alb');
    const padding = Array.from({ length: 15_000 }, (_, i) => ({ id: `p${i}`, label: 'padding', n: i }));
    const large = JSON.stringify({ ...designed, padding }, null, 2);
    await database.db.query(
      `update attempt_files set content = $2 where attempt_id = $1 and path = 'architecture.json'`,
      [attemptId, large],
    );
    await page.reload();
    for (let round = 0; round < 10; round += 1) {
      await page.getByTestId('design-view-text').click();
      await editor.locator('.view-lines').click();
      await page.keyboard.press('Control+Home');
      await page.keyboard.press('End');
      await page.keyboard.press('Control+Space');
      await page.locator('.suggest-widget.visible').waitFor();
      // The first round lets the worker start and take the file in; later requests reach it at once,
      // ahead of the file's removal, and their answers come back after the switch.
      if (round === 0) await page.waitForTimeout(3_000);
      await page.getByTestId('design-view-diagram').click();
      await page.waitForTimeout(1_500);
    }
    const { rows } = await database.db.query<{ content: string }>(
      `select content from attempt_files where attempt_id = $1 and path = 'architecture.json'`,
      [attemptId],
    );
    expect(rows[0]?.content).toBe(large);
    expect(violations).toEqual([]);
    await page.close();
  }, 180_000);

  it('builds, edits and deletes with the keyboard alone, then submits, with no pointer press at all', async () => {
    const { token, attemptId } = await createInvitation(database.db, org, { name: 'Keyboard Designer' });
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    const pointerPresses = await countPointerPresses(page);
    const violations = await watchPolicy(page);
    await openCanvas(page, token);
    await tabTo(page, 'start-attempt');
    await page.keyboard.press('Enter');
    await tabTo(page, 'cloud-aws');
    await page.keyboard.press('ArrowDown');
    expect(await page.getByTestId('cloud-gcp').isChecked()).toBe(true);
    await tabTo(page, 'start-design');
    await page.keyboard.press('Enter');
    await page.getByTestId('design-canvas').waitFor();

    for (const service of ['cloud-dns', 'cloud-cdn', 'global-lb', 'cloud-run', 'cloud-sql']) {
      await tabTo(page, `palette-${service}`);
      await page.keyboard.press('Enter');
      await page.locator(`.react-flow__node[data-id="${service}"]`).waitFor();
    }
    for (const [from, to, kind] of [
      ['internet', 'cloud-dns', 'request'],
      ['cloud-dns', 'global-lb', 'request'],
      ['global-lb', 'cloud-run', 'request'],
      ['cloud-run', 'cloud-sql', 'request'],
      ['cloud-sql', 'cloud-run', 'replication'],
    ] as const) {
      await chooseWithArrows(page, 'connect-from', from);
      await chooseWithArrows(page, 'connect-to', to);
      await chooseWithArrows(page, 'connect-kind', kind);
      await tabTo(page, 'connect-submit');
      await page.keyboard.press('Enter');
      await expect.poll(() => page.getByTestId('edge-panel').isVisible()).toBe(true);
    }
    // The last edge was a mistake: change its kind, note why, then delete a component.
    await chooseWithArrows(page, 'edge-kind', 'async');
    await tabTo(page, 'edge-note');
    await page.keyboard.type('Writes queue up when the database fails over.');

    // Deleting: from the panel's button, and with the Delete key on a node focused on the canvas.
    await tabTo(page, 'outline-component-cloud-cdn');
    await page.keyboard.press('Enter');
    await tabTo(page, 'delete-component', { back: true });
    await page.keyboard.press('Enter');
    await expect.poll(() => page.locator('.react-flow__node[data-id="cloud-cdn"]').count()).toBe(0);
    await tabTo(page, 'palette-cloud-monitoring');
    await page.keyboard.press('Enter');
    await tabToSelector(page, '.react-flow__node[data-id="cloud-monitoring"]');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Delete');
    await expect.poll(() => page.locator('.react-flow__node[data-id="cloud-monitoring"]').count()).toBe(0);

    // A node on the canvas itself takes focus, and Enter selects it for the panel.
    await tabToSelector(page, '.react-flow__node[data-id="cloud-sql"]');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('component-panel').textContent()).toContain('Cloud SQL');
    await tabTo(page, 'component-ha');
    await page.keyboard.press('Space');
    await tabTo(page, 'backups-enabled');
    await page.keyboard.press('Space');
    await tabTo(page, 'backups-retention');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('14');
    await tabTo(page, 'component-note');
    await page.keyboard.type('Regional HA Cloud SQL: failover in about a minute.');
    await tabTo(page, 'design-notes');
    await page.keyboard.type('Serverless on Cloud Run: scales to zero, cold starts are the trade-off.');
    await waitUntilSaved(page);

    const doc = await savedArchitecture(database.db, attemptId);
    expect(doc.cloud).toBe('gcp');
    expect(doc.components.map((c) => c.id).sort()).toEqual(
      ['cloud-dns', 'cloud-run', 'cloud-sql', 'global-lb', 'internet'].sort(),
    );
    expect(edgeTriples(doc)).toEqual(
      [
        'internet>cloud-dns:request',
        'cloud-dns>global-lb:request',
        'global-lb>cloud-run:request',
        'cloud-run>cloud-sql:request',
        'cloud-sql>cloud-run:async',
      ].sort(),
    );
    expect(doc.edges.find((e) => e.kind === 'async')?.note).toContain('queue up');
    expect(doc.components.find((c) => c.id === 'cloud-sql')).toMatchObject({
      ha: true,
      backups: { enabled: true, retentionDays: 14, pointInTime: false },
      note: 'Regional HA Cloud SQL: failover in about a minute.',
    });
    expect(doc.notes).toContain('Serverless on Cloud Run');

    await tabTo(page, 'submit');
    await page.keyboard.press('Enter');
    await tabTo(page, 'confirm-submit');
    await page.keyboard.press('Enter');
    await expectSubmittedAndReplayable(attemptId);
    keyboardAttemptId = attemptId;
    expect(await pointerPresses()).toBe(0);
    expect(violations).toEqual([]);
    await page.close();
  });

  it('replays the diagram growing, and the review page shows the trade-off notes beside the checks', async () => {
    expect(keyboardAttemptId, 'the keyboard test submits the attempt this one reads').toBeDefined();
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    const violations = await watchPolicy(page);
    await signInStaff(page, server.baseUrl, org.interviewer.email);
    await page.goto(`${server.baseUrl}/staff/attempts/${keyboardAttemptId}/replay`);
    const design = page.getByTestId('replay-design');
    const nodes = design.locator('.react-flow__node-component');
    await expect.poll(() => nodes.count(), { timeout: 15_000 }).toBe(5);
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Home');
    await expect.poll(() => design.textContent()).toContain('No design yet');
    await page.getByTestId('replay-play').click();
    await expect.poll(() => nodes.count(), { timeout: 15_000 }).toBeGreaterThan(0);
    await page.getByTestId('replay-play').click();
    await page.keyboard.press('End');
    await expect.poll(() => nodes.count()).toBe(5);
    await design.getByTestId('design-view-text').click();
    await design.locator('.monaco-editor').waitFor({ timeout: 15_000 });

    await page.goto(`${server.baseUrl}/staff/attempts/${keyboardAttemptId}`);
    const notes = page.getByTestId('design-trade-offs');
    await notes.waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('design-notes-overall').textContent()).toContain('Serverless on Cloud Run');
    const noted = await page.getByTestId('design-note').allTextContents();
    expect(noted).toHaveLength(2);
    expect(noted.join('\n')).toContain('Regional HA Cloud SQL');
    expect(noted.join('\n')).toContain('Cloud SQL for PostgreSQL → Cloud Run (async)');
    expect(violations).toEqual([]);
    await page.close();
  });
});
