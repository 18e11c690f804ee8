import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../server/app.ts';
import { type Catalogue, loadCatalogue } from '../../server/challenges/load.ts';
import { drawValues } from '../../server/challenges/parameters.ts';
import { configWith } from '../../server/config.ts';
import { recordingQueue } from '../support/app.ts';
import { buildClient, CLIENT_DIST, launchChromium, signInStaff } from '../support/browser.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import {
  createInvitation,
  createOrganisation,
  storeSubmission,
  type TestOrganisation,
} from '../support/factories.ts';
import { listen } from '../support/http.ts';

/** Staff see which seeded variant (#17) a candidate had on the review, the comparison and the replay. */
const SLUG = 'alert-rules';

let database: TestDatabase;
let browser: Browser;
let server: Awaited<ReturnType<typeof listen>>;
let catalogue: Catalogue;
let org: TestOrganisation;
let attemptId = '';
let label = '';

beforeAll(async () => {
  buildClient();
  database = await createTestDatabase();
  catalogue = await loadCatalogue();
  const config = configWith({ SESSION_SECRET: 'browser-test-secret-variants' });
  server = await listen(
    createApp({ config, db: database.db, catalogue, queue: recordingQueue() }, { clientDist: CLIENT_DIST }),
  );
  org = await createOrganisation(database.db, [SLUG]);
  const invitation = await createInvitation(database.db, org, { name: 'Varied Val' });
  const parameters = catalogue.challenges.get(SLUG)?.manifest.parameters ?? [];
  const seed =
    [1, 2, 3, 4, 5, 6].find((s) => drawValues(SLUG, parameters, s).service !== 'checkout-api') ?? 0;
  await database.db.query(
    'update invitations set variant_seed = $2 where id = (select invitation_id from attempts where id = $1)',
    [invitation.attemptId, seed],
  );
  const checks = catalogue.challenges.get(SLUG)?.manifest.checks ?? [];
  await storeSubmission(
    database.db,
    catalogue,
    invitation.attemptId,
    SLUG,
    { scores: Object.fromEntries(checks.map((c) => [c.id, 1])) },
    { submitAttempt: true },
  );
  attemptId = invitation.attemptId;
  label = `variant ${seed} · service ${drawValues(SLUG, parameters, seed).service}`;
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await server?.close();
  await database?.drop();
});

async function staffPage(): Promise<Page> {
  const page = await (await browser.newContext()).newPage();
  await signInStaff(page, server.baseUrl, org.manager.email);
  return page;
}

const labelOn = (page: Page) => page.getByTestId('variant-label').first();

describe('in Chromium', () => {
  it('labels the variant on the review, the comparison and the replay', async () => {
    const page = await staffPage();
    await page.goto(`${server.baseUrl}/staff/attempts/${attemptId}`);
    await labelOn(page).waitFor();
    expect(await labelOn(page).textContent()).toBe(label);

    await page.goto(`${server.baseUrl}/staff/assessments/${org.assessmentId}/compare`);
    await page.getByTestId('comparison-row').first().waitFor();
    await labelOn(page).waitFor();
    expect(await labelOn(page).textContent()).toBe(label);

    await page.goto(`${server.baseUrl}/staff/attempts/${attemptId}/replay`);
    await page.getByTestId('replay-status').waitFor();
    await labelOn(page).waitFor();
    expect(await labelOn(page).textContent()).toBe(label);
    await page.context().close();
  });
});
