import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { loadCatalogue } from '../../server/challenges/load.ts';
import { configWith } from '../../server/config.ts';
import type { AppDeps } from '../../server/deps.ts';
import { recordingQueue } from '../support/app.ts';
import { buildClient, CLIENT_DIST, launchChromium, signInStaff } from '../support/browser.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { createOrganisation, type TestOrganisation } from '../support/factories.ts';
import { Client, listen } from '../support/http.ts';
import { disguise } from '../support/similarity-disguise.ts';
import { readFolder } from '../support/similarity-fixtures.ts';
import { submitAnswer, type WrittenAnswer } from '../support/similarity-world.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SLUG = 'terraform-refactor';
const source = readFolder(path.join(ROOT, 'test/fixtures', SLUG, 'right', 'count-and-modules'));
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

let database: TestDatabase;
let browser: Browser;
let server: Awaited<ReturnType<typeof listen>>;
let org: TestOrganisation;
let ada: WrittenAnswer;
let bob: WrittenAnswer;

beforeAll(async () => {
  buildClient();
  database = await createTestDatabase();
  const deps: AppDeps = {
    config: configWith({ SESSION_SECRET: 'browser-test-secret-similarity' }),
    db: database.db,
    catalogue: await loadCatalogue(),
    queue: recordingQueue(),
  };
  server = await listen(createApp(deps, { clientDist: CLIENT_DIST }));
  const app = { deps, client: () => new Client(server.baseUrl) };
  org = await createOrganisation(database.db, [SLUG]);
  ada = await submitAnswer(app, org, SLUG, { name: 'Ada Typist', files: source, how: 'typed' });
  bob = await submitAnswer(app, org, SLUG, { name: 'Bob Paster', files: disguise(source), how: 'pasted' });
  browser = await launchChromium();
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await database?.drop();
});

describe('the similarity evidence on the review page, in Chromium', () => {
  it('shows the copy beside its source as evidence, each side marked and linked to its replay moment', async () => {
    const page = await browser.newPage();
    await signInStaff(page, server.baseUrl, org.interviewer.email);
    await page.goto(`${server.baseUrl}/staff/attempts/${bob.attemptId}`);
    const panel = page.getByTestId('similarity-evidence');
    // the review page loads first, then the panel its own evidence
    await panel
      .getByRole('heading', { name: 'Similarity to other submissions' })
      .waitFor({ timeout: 20_000 });
    expect(await panel.getByText(/not a verdict/).count()).toBe(1);
    const pair = panel.getByTestId('similarity-pair');
    await expect.poll(() => pair.count(), { timeout: 20_000 }).toBe(1);
    expect(await pair.getByRole('heading').textContent()).toMatch(
      /^Ada Typist: \d+ % of fingerprints shared/,
    );

    // Each fragment: this candidate's side first (pasted), the other's second (typed).
    const fragments = pair.locator('.similarity-fragment');
    expect(await fragments.count()).toBeGreaterThan(0);
    const origins = await fragments.first().getByTestId('fragment-origin').allTextContents();
    expect(origins).toEqual(['pasted', 'typed']);

    // The other side's link opens Ada's replay at the moment her text stood complete.
    const link = fragments.first().getByRole('link', { name: 'Replay at this moment' }).nth(1);
    const href = (await link.getAttribute('href')) ?? '';
    expect(href).toContain(`/staff/attempts/${ada.attemptId}/replay?challenge=${SLUG}&seq=`);
    const seq = Number(new URL(href, server.baseUrl).searchParams.get('seq'));
    expect(seq).toBeGreaterThan(0);
    await link.click();
    await page.waitForURL(/\/replay\?/);
    await expect
      .poll(() => page.getByTestId('replay-status').textContent(), { timeout: 20_000 })
      .toMatch(new RegExp(`^Event ${seq} of \\d+`));
    await page.close();
  });

  it('keeps the panel free of serious accessibility violations', async () => {
    // axe runs in a page of its own context
    const context = await browser.newContext();
    const page = await context.newPage();
    await signInStaff(page, server.baseUrl, org.manager.email);
    await page.goto(`${server.baseUrl}/staff/attempts/${ada.attemptId}`);
    await expect.poll(() => page.getByTestId('similarity-pair').count(), { timeout: 20_000 }).toBe(1);
    const results = await new AxeBuilder({ page })
      .include('[data-testid="similarity-evidence"]')
      .withTags(TAGS)
      .analyze();
    const serious = results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .flatMap((v) => v.nodes.map((n) => `${v.id} at ${n.target.join(' ')}`));
    expect(serious).toEqual([]);
    expect(results.passes.length).toBeGreaterThan(0);
    await context.close();
  });
});
