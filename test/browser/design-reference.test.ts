/**
 * The real design challenge end to end in Chromium: a candidate builds the ha-web-architecture
 * reference design (challenges/ha-web-architecture/solution/architecture.json, read here, not copied)
 * on the canvas with the keyboard alone (palette entries, the side panel's fields, the connect form,
 * the outline, the design's notes; no pointer press at all), submits it, and the saved file equals the
 * reference semantically, the real worker grades it in the Docker sandbox, and it scores 100. A second
 * test draws part of it (the users' path into us-east-1) with the mouse: a palette drag and presses,
 * the panel's fields, connections dragged between handles.
 *
 * The canvas names the components it adds (`alb`, `alb-2`…), so the reference's ids cannot be typed
 * in: the comparison keys components by their label (unique in the reference) and edges by the
 * labels of their ends and their kind.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { PgBoss } from 'pg-boss';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REGIONS, serviceOf } from '../../challenges/_lib/architecture/catalogue.ts';
import {
  type Architecture,
  architectureSchema,
  type Component,
} from '../../challenges/_lib/architecture/schema.ts';
import { createSandbox } from '../../sandbox/index.ts';
import { createApp } from '../../server/app.ts';
import { type Catalogue, loadCatalogue } from '../../server/challenges/load.ts';
import { configWith } from '../../server/config.ts';
import { pgBossQueue, startBoss } from '../../server/grading/queue.ts';
import { startGradingWorker } from '../../server/grading/worker.ts';
import { CLIENT_DIST, launchChromium, requireBuiltClient, waitUntilSaved } from '../support/browser.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import {
  chooseWithArrows,
  countPointerPresses,
  dragConnect,
  savedArchitecture,
  tabToSelector,
  watchPolicy,
} from '../support/design-canvas.ts';
import { requireDocker } from '../support/docker.ts';
import { createInvitation, createOrganisation, type TestOrganisation } from '../support/factories.ts';
import { listen } from '../support/http.ts';

const SLUG = 'ha-web-architecture';
const PACKAGE = path.resolve(import.meta.dirname, `../../challenges/${SLUG}`);
const readDesign = (file: string): Architecture =>
  architectureSchema.parse(JSON.parse(readFileSync(path.join(PACKAGE, file), 'utf8')));
const REFERENCE = readDesign('solution/architecture.json');
const STARTER = readDesign('starter/architecture.json');
/** The reference's components the mouse test draws: the users' request path into us-east-1. */
const MOUSE_SUBSET = ['users', 'dns', 'cdn', 'alb-east', 'web-east'];

let database: TestDatabase;
let boss: PgBoss;
let browser: Browser;
let server: Awaited<ReturnType<typeof listen>>;
let stopWorker: () => Promise<void>;
let catalogue: Catalogue;
let org: TestOrganisation;

beforeAll(async () => {
  requireBuiltClient();
  const docker = await requireDocker();
  database = await createTestDatabase();
  boss = await startBoss(database.url);
  catalogue = await loadCatalogue();
  const config = configWith({ SESSION_SECRET: 'browser-test-secret-1234' });
  server = await listen(
    createApp({ config, db: database.db, catalogue, queue: pgBossQueue(boss) }, { clientDist: CLIENT_DIST }),
  );
  stopWorker = await startGradingWorker({
    db: database.db,
    boss,
    sandbox: createSandbox({ docker }),
    catalogue,
    concurrency: 1,
  });
  org = await createOrganisation(database.db, [SLUG]);
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await stopWorker?.();
  await boss?.stop({ graceful: false, timeout: 1000 });
  await server?.close();
  await database?.drop();
});

/**
 * A design as the grader reads it, without the ids the canvas chose or the positions it keeps:
 * components keyed by label, optional properties at the value their absence means, edges by the
 * labels of their ends.
 */
function canonical(doc: Architecture) {
  const label = (id: string) => doc.components.find((c) => c.id === id)?.label ?? `?${id}`;
  const components = doc.components
    .map((c) => ({
      label: c.label,
      service: c.service,
      region: c.region ?? null,
      zones: c.zones ?? [],
      network: c.network ?? null,
      instances: c.instances ?? null,
      size: c.size ?? null,
      ha: c.ha ?? false,
      readReplicas: c.readReplicas ?? 0,
      backups: c.backups ?? { enabled: false, retentionDays: 0, pointInTime: false },
      publicAccess: c.publicAccess ?? false,
      note: c.note ?? null,
    }))
    .sort((a, b) => a.label.localeCompare(b.label));
  const edges = doc.edges
    .map((e) => ({ from: label(e.from), to: label(e.to), kind: e.kind, note: e.note ?? null }))
    .sort((a, b) => `${a.from}>${a.to}:${a.kind}`.localeCompare(`${b.from}>${b.to}:${b.kind}`));
  return { cloud: doc.cloud, regions: doc.regions, components, edges, notes: doc.notes ?? null };
}

/** How many characters of a text are typed key by key (the rest is inserted at once). */
const TYPED = 4;
const byTestId = (testId: string) => `[data-testid="${testId}"]`;

/** Tab (or Shift+Tab, whichever way the element lies from the focus) until `selector` has focus. */
async function focusByTab(page: Page, selector: string): Promise<void> {
  await page.locator(selector).waitFor();
  const back = await page.evaluate((s) => {
    const target = document.querySelector(s);
    if (!target) throw new Error(`nothing on the page matches ${s}`);
    const active = document.activeElement;
    if (!active || active === document.body || active === target) return false;
    return (active.compareDocumentPosition(target) & Node.DOCUMENT_POSITION_PRECEDING) !== 0;
  }, selector);
  await tabToSelector(page, selector, { back, max: 600 });
}

async function press(page: Page, testId: string, key = 'Enter'): Promise<void> {
  await focusByTab(page, byTestId(testId));
  await page.keyboard.press(key);
}

async function choose(page: Page, testId: string, value: string): Promise<void> {
  await focusByTab(page, byTestId(testId));
  await chooseWithArrows(page, testId, value);
}

/**
 * Replaces a text or number field's content from the keyboard. Each keystroke rewrites the whole
 * design (about a tenth of a second on a 16-component diagram), so past its first few characters a
 * long text arrives as one input event, as a paste or an input method would send it.
 */
async function fill(page: Page, testId: string, value: string): Promise<void> {
  await focusByTab(page, byTestId(testId));
  await page.keyboard.press('Control+A');
  if (value === '') await page.keyboard.press('Delete');
  else {
    await page.keyboard.type(value.slice(0, TYPED));
    if (value.length > TYPED) await page.keyboard.insertText(value.slice(TYPED));
  }
  await expect.poll(() => page.getByTestId(testId).inputValue()).toBe(value);
}

/** Ticks or unticks a checkbox with the space bar. */
async function setChecked(page: Page, testId: string, on: boolean): Promise<void> {
  if ((await page.getByTestId(testId).isChecked()) === on) return;
  await press(page, testId, 'Space');
  await expect.poll(() => page.getByTestId(testId).isChecked()).toBe(on);
}

/** The ids of the components the outline lists, in its order. */
function outlineIds(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('[data-testid^="outline-component-"]')].map((b) =>
      (b.getAttribute('data-testid') ?? '').slice('outline-component-'.length),
    ),
  );
}

/** Waits until the element stops moving (a fit-view or layout animation has settled). */
async function untilStill(page: Page, selector: string): Promise<void> {
  let last = '';
  await expect
    .poll(async () => {
      const box = JSON.stringify(await page.locator(selector).boundingBox());
      const still = box === last && box !== 'null';
      last = box;
      return still;
    })
    .toBe(true);
}

/** Selects a component through the outline, for the side panel to edit. */
async function selectComponent(page: Page, id: string): Promise<void> {
  await press(page, `outline-component-${id}`);
  await expect.poll(() => page.getByTestId('component-panel').textContent()).toContain(`id: ${id}`);
}

/** How the side panel's fields are set: from the keyboard, or with the mouse. */
interface Driver {
  fill: (page: Page, testId: string, value: string) => Promise<void>;
  choose: (page: Page, testId: string, value: string) => Promise<void>;
  setChecked: (page: Page, testId: string, on: boolean) => Promise<void>;
}
const KEYBOARD: Driver = { fill, choose, setChecked };
const MOUSE: Driver = {
  fill: async (page, testId, value) => {
    await page.getByTestId(testId).click();
    await page.getByTestId(testId).fill(value);
    await expect.poll(() => page.getByTestId(testId).inputValue()).toBe(value);
  },
  choose: async (page, testId, value) => {
    await page.getByTestId(testId).selectOption(value);
    await expect.poll(() => page.getByTestId(testId).inputValue()).toBe(value);
  },
  setChecked: async (page, testId, on) => {
    if ((await page.getByTestId(testId).isChecked()) !== on) await page.getByTestId(testId).click();
    await expect.poll(() => page.getByTestId(testId).isChecked()).toBe(on);
  },
};

/** Sets every property of the selected component to the reference component's, through the panel. */
async function setProperties(page: Page, want: Component, drive: Driver = KEYBOARD): Promise<void> {
  const { fill, choose, setChecked } = drive;
  const entry = serviceOf(REFERENCE.cloud, want.service);
  if (!entry) throw new Error(`the AWS palette has no ${want.service}`);
  const takes = new Set(entry.properties);
  await fill(page, 'component-label', want.label);
  if (want.region !== undefined) await choose(page, 'component-region', want.region);
  if (takes.has('zones') && want.zones) {
    // Tick the wanted zones first: the last ticked zone cannot be unticked.
    for (const zone of want.zones) await setChecked(page, `zone-${zone}`, true);
    for (const zone of REGIONS[REFERENCE.cloud][want.region ?? ''] ?? []) {
      if (!want.zones.includes(zone)) await setChecked(page, `zone-${zone}`, false);
    }
  }
  if (takes.has('network') && want.network) await choose(page, 'component-network', want.network);
  if (takes.has('instances') && want.instances) {
    // The minimum may not pass the maximum: raise the maximum first.
    await fill(page, 'instances-max', String(want.instances.max));
    await fill(page, 'instances-min', String(want.instances.min));
  }
  if (takes.has('size') && want.size) await choose(page, 'component-size', want.size);
  if (takes.has('ha')) await setChecked(page, 'component-ha', want.ha ?? false);
  if (takes.has('readReplicas')) await fill(page, 'read-replicas', String(want.readReplicas ?? 0));
  if (takes.has('backups') && want.backups) {
    await setChecked(page, 'backups-enabled', want.backups.enabled);
    await fill(page, 'backups-retention', String(want.backups.retentionDays));
    await setChecked(page, 'backups-pitr', want.backups.pointInTime);
  }
  if (takes.has('publicAccess')) await setChecked(page, 'public-access', want.publicAccess ?? false);
  await fill(page, 'component-note', want.note ?? '');
}

describe('the ha-web-architecture reference design in Chromium', () => {
  it('is built with the keyboard alone, submitted, graded in the sandbox, and scores 100', async () => {
    const { token, attemptId } = await createInvitation(database.db, org, { name: 'Reference Keyboard' });
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    const pointerPresses = await countPointerPresses(page);
    const violations = await watchPolicy(page);
    await page.goto(`${server.baseUrl}/invite/${token}`);
    await press(page, 'start-attempt');
    await page.getByTestId('design-canvas').waitFor();
    await expect.poll(() => outlineIds(page)).toEqual(STARTER.components.map((c) => c.id));

    // The design's regions, then a clean slate: the starter's components go, with their edges.
    for (const region of REFERENCE.regions) await setChecked(page, `region-${region}`, true);
    for (const component of STARTER.components) {
      if (component.service === 'internet') continue;
      await selectComponent(page, component.id);
      await press(page, 'delete-component');
      await expect.poll(() => page.getByTestId(`outline-component-${component.id}`).count()).toBe(0);
    }
    expect(await page.locator('[data-testid^="outline-edge-"]').count()).toBe(0);

    // Every component of the reference, from the palette (the users are already there), then its panel.
    const ids = new Map<string, string>();
    for (const want of REFERENCE.components) {
      const before = await outlineIds(page);
      if (want.service === 'internet') {
        const users = (await savedArchitecture(database.db, attemptId)).components.find(
          (c) => c.service === 'internet',
        );
        if (!users) throw new Error('the design lost its users');
        ids.set(want.id, users.id);
        await selectComponent(page, users.id);
      } else {
        await press(page, `palette-${want.service}`);
        await expect.poll(async () => (await outlineIds(page)).length).toBe(before.length + 1);
        const added = (await outlineIds(page)).find((id) => !before.includes(id));
        if (!added) throw new Error(`no component appeared for ${want.id}`);
        ids.set(want.id, added);
        // The added component is the selected one.
        await expect.poll(() => page.getByTestId('component-panel').textContent()).toContain(`id: ${added}`);
      }
      await setProperties(page, want);
    }

    // Every edge through the connect form, its note in the edge panel.
    for (const edge of REFERENCE.edges) {
      const before = await page.locator('[data-testid^="outline-edge-"]').count();
      await choose(page, 'connect-from', ids.get(edge.from) ?? '');
      await choose(page, 'connect-to', ids.get(edge.to) ?? '');
      await choose(page, 'connect-kind', edge.kind);
      await press(page, 'connect-submit');
      await expect.poll(() => page.locator('[data-testid^="outline-edge-"]').count()).toBe(before + 1);
      await page.getByTestId('edge-panel').waitFor();
      if (edge.note) await fill(page, 'edge-note', edge.note);
    }
    await fill(page, 'design-notes', REFERENCE.notes ?? '');
    await waitUntilSaved(page);

    const saved = await savedArchitecture(database.db, attemptId);
    expect(canonical(saved)).toEqual(canonical(REFERENCE));
    expect(saved.components).toHaveLength(REFERENCE.components.length);
    expect(saved.edges).toHaveLength(REFERENCE.edges.length);

    await press(page, 'submit');
    await press(page, 'confirm-submit');
    const checks = catalogue.challenges.get(SLUG)!.manifest.checks;
    await expect
      .poll(
        async () =>
          (
            await database.db.query<{ status: string }>(
              `select status from gradings where attempt_id = $1 and kind = 'submit'`,
              [attemptId],
            )
          ).rows[0]?.status,
        { timeout: 120_000, interval: 250 },
      )
      .toMatch(/^(done|error)$/);
    const { rows } = await database.db.query<{
      status: string;
      score: number | null;
      files: { path: string; content: string }[];
      checks: { id: string; passed: boolean; message: string }[];
    }>(
      `select status, score::float8 as score, files, checks from gradings
        where attempt_id = $1 and kind = 'submit'`,
      [attemptId],
    );
    const grading = rows[0]!;
    expect(grading.status).toBe('done');
    const submitted = JSON.parse(grading.files.find((f) => f.path === 'architecture.json')?.content ?? '');
    expect(canonical(architectureSchema.parse(submitted))).toEqual(canonical(REFERENCE));
    expect(grading.checks.filter((c) => !c.passed)).toEqual([]);
    expect(grading.checks.map((c) => c.id).sort()).toEqual(checks.map((c) => c.id).sort());
    expect(grading.score).toBe(100);

    expect(await pointerPresses()).toBe(0);
    expect(violations).toEqual([]);
    await page.close();
  }, 480_000);

  it('builds part of it with the mouse: palette drags and presses, the panel, handle drags', async () => {
    // The users' path into us-east-1, as the reference draws it.
    const subset = REFERENCE.components.filter((c) => MOUSE_SUBSET.includes(c.id));
    const inSubset = (id: string) => MOUSE_SUBSET.includes(id);
    const edges = REFERENCE.edges.filter((e) => inSubset(e.from) && inSubset(e.to));
    expect(edges.length).toBeGreaterThan(0);
    const { token, attemptId } = await createInvitation(database.db, org, { name: 'Reference Mouse' });
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    const violations = await watchPolicy(page);
    await page.goto(`${server.baseUrl}/invite/${token}`);
    await page.getByTestId('start-attempt').click();
    await page.getByTestId('design-canvas').waitFor();
    await expect.poll(() => outlineIds(page)).toEqual(STARTER.components.map((c) => c.id));
    for (const component of STARTER.components) {
      if (component.service === 'internet') continue;
      await page.getByTestId(`outline-component-${component.id}`).click();
      await page.getByTestId('delete-component').click();
      await expect.poll(() => page.getByTestId(`outline-component-${component.id}`).count()).toBe(0);
    }

    const ids = new Map<string, string>();
    const pane = page.locator('.react-flow__pane');
    for (const [index, want] of subset.entries()) {
      const before = await outlineIds(page);
      if (want.service === 'internet') {
        const users = before.find((id) => !ids.has(id)) ?? '';
        ids.set(want.id, users);
        await page.locator(`.react-flow__node[data-id="${users}"]`).click();
      } else {
        // The first one dragged onto the canvas, the others pressed.
        const entry = page.getByTestId(`palette-${want.service}`);
        if (index === 1) await entry.dragTo(pane, { targetPosition: { x: 500, y: 150 } });
        else await entry.click();
        await expect.poll(async () => (await outlineIds(page)).length).toBe(before.length + 1);
        const added = (await outlineIds(page)).find((id) => !before.includes(id)) ?? '';
        ids.set(want.id, added);
      }
      await expect
        .poll(() => page.getByTestId('component-panel').textContent())
        .toContain(`id: ${ids.get(want.id)}`);
      await setProperties(page, want, MOUSE);
    }

    await page.getByTestId('tidy-layout').click();
    await expect
      .poll(() => page.getByTestId('tidy-layout').textContent(), { timeout: 15_000 })
      .toBe('Tidy layout');
    for (const edge of edges) {
      const [from, to] = [ids.get(edge.from) ?? '', ids.get(edge.to) ?? ''];
      await page.getByTestId('drag-edge-kind').selectOption(edge.kind);
      await untilStill(page, `.react-flow__node[data-id="${from}"]`);
      await untilStill(page, `.react-flow__node[data-id="${to}"]`);
      const before = await page.locator('[data-testid^="outline-edge-"]').count();
      await dragConnect(page, from, to);
      await expect.poll(() => page.locator('[data-testid^="outline-edge-"]').count()).toBe(before + 1);
    }
    await waitUntilSaved(page);

    const saved = await savedArchitecture(database.db, attemptId);
    const part = (doc: Architecture, keep: (id: string) => boolean): Architecture => ({
      ...doc,
      regions: [],
      notes: '',
      components: doc.components.filter((c) => keep(c.id)),
      edges: doc.edges.filter((e) => keep(e.from) && keep(e.to)),
    });
    const built = new Set(ids.values());
    expect(canonical(part(saved, (id) => built.has(id)))).toEqual(canonical(part(REFERENCE, inSubset)));
    expect(saved.components).toHaveLength(subset.length);
    expect(saved.edges).toHaveLength(edges.length);
    expect(violations).toEqual([]);
    await page.close();
  }, 240_000);
});
