import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runLiveChecks } from '../../server/live/checks.ts';
import { environmentKey } from '../../server/live/manager.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { createInvitation, createOrganisation, type TestOrganisation } from '../support/factories.ts';
import { type LiveTestApp, startedCandidate, startLiveTestApp, TestTerminal } from '../support/live.ts';

/**
 * The pegged-database incident, end to end on the real engine: the reference fix typed into the
 * terminal passes every check; doing nothing fails the ones it should; each way of cheating (losing
 * data, stopping the traffic, dropping the slow table, an index that blocks writes) is caught by the
 * checks that judge the live system.
 */
const SLUG = 'pegged-database';
let database: TestDatabase;
let app: LiveTestApp;
let org: TestOrganisation;

const NOTE = `# Incident: orders database pegged

## Root cause
The orders API looks up a customer's latest orders by customer_id, and orders had no index on it, so
every call scanned a million rows. A runaway monthly report with a correlated subquery ran on top.

## Fix
Ended the runaway report with pg_terminate_backend, built an index on (customer_id, created_at desc)
concurrently so checkout kept inserting, then analyzed orders so the planner's statistics are current.

## Follow-ups
Put a statement timeout on the reporting role, re-enable autovacuum on orders, and review the plans of
new queries before they ship; the database team owns these by Friday.
`;

beforeAll(async () => {
  database = await createTestDatabase();
  app = await startLiveTestApp(database.db);
  org = await createOrganisation(database.db, [SLUG]);
});
afterEach(async () => {
  await database.db.query(`update attempts set submitted_at = now() where organisation_id = $1`, [
    org.organisationId,
  ]);
  await app.manager.sweep();
});
afterAll(async () => {
  await app?.close();
  await database?.drop();
});

async function candidateInIncident() {
  const invitation = await createInvitation(database.db, org);
  const client = await startedCandidate(app, invitation.token);
  expect((await client.post(`/api/candidate/attempt/challenges/${SLUG}/environment`)).body).toMatchObject({
    status: 'ready',
  });
  const key = environmentKey(invitation.attemptId, SLUG);
  const containerId = (await app.environments.find(key)) ?? '';
  /** Runs SQL as the candidate (`sre`), the way they would in psql. */
  const asCandidate = async (...statements: string[]) => {
    const result = await app.environments.execCollect({
      containerId,
      user: 'sre',
      command: ['psql', '-X', '-v', 'ON_ERROR_STOP=1', ...statements.flatMap((s) => ['-c', s])],
      timeoutMs: 60_000,
      outputBytes: 64 * 1024,
    });
    expect(result.stderr).not.toMatch(/ERROR/);
    return result.stdout;
  };
  const failedChecks = async (note = NOTE) => {
    const challenge = app.catalogue.challenges.get(SLUG);
    if (!challenge) throw new Error('pegged-database is missing');
    const outcome = await runLiveChecks({
      environments: app.environments,
      challenge,
      files: [{ path: 'INCIDENT.md', content: note }],
      key,
    });
    if (outcome.kind !== 'judged')
      throw new Error(`expected a judgement, got ${outcome.kind}: ${outcome.error}`);
    return outcome.checks
      .filter((c) => !c.passed)
      .map((c) => c.id)
      .sort();
  };
  return { client, attemptId: invitation.attemptId, key, asCandidate, failedChecks };
}

const endReport = `select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'monthly-report'`;

describe('pegged-database', () => {
  it('passes every check after the reference fix, typed into the terminal and graded through the API', async () => {
    const { client, key } = await candidateInIncident();
    const terminal = await TestTerminal.open(app, client, SLUG);
    terminal.type('psql -X\r');
    await terminal.waitFor(/shop=> $/m);
    terminal.type(`${endReport};\r`);
    await terminal.waitFor(/\(\d+ rows?\)/);
    terminal.type(
      'create index concurrently orders_customer_created_idx on orders (customer_id, created_at desc);\r',
    );
    await terminal.waitFor(/CREATE INDEX/, 60_000);
    terminal.type('analyze orders;\r');
    await terminal.waitFor(/ANALYZE/);
    terminal.type('\\q\r');
    terminal.close();

    expect(
      (
        await client.put(`/api/candidate/attempt/challenges/${SLUG}/files`, {
          files: [{ path: 'INCIDENT.md', content: NOTE }],
        })
      ).status,
    ).toBe(200);
    const run = await client.post(`/api/candidate/attempt/challenges/${SLUG}/gradings`, { kind: 'run' });
    expect(run.status).toBe(202);
    const graded = await app.grade(run.body.id);
    expect(graded.status).toBe('done');
    expect(graded.checks?.filter((c) => !c.passed).map((c) => `${c.id}: ${c.message}`)).toEqual([]);
    expect(Number(graded.score)).toBe(100);

    // Submitting ends the challenge, and its environment with it.
    const submit = await client.post(`/api/candidate/attempt/challenges/${SLUG}/gradings`, {
      kind: 'submit',
    });
    expect((await app.grade(submit.body.id)).status).toBe('done');
    expect(await app.environments.find(key)).toBeUndefined();
  });

  it('fails what is still broken when the candidate does nothing', async () => {
    const { failedChecks } = await candidateInIncident();
    const starter = app.catalogue.challenges.get(SLUG)?.starter[0]?.content ?? '';
    expect(await failedChecks(starter)).toEqual([
      'api-latency',
      'incident-note',
      'index-plan',
      'runaway-ended',
      'statistics-current',
    ]);
  });

  it('catches an index built without CONCURRENTLY: checkout waited on its lock', async () => {
    const { asCandidate, failedChecks } = await candidateInIncident();
    await asCandidate(endReport, 'create index on orders (customer_id, created_at desc)', 'analyze orders');
    expect(await failedChecks()).toEqual(['writes-unblocked']);
  });

  it('catches lost data: the orders table truncated', async () => {
    const { asCandidate, failedChecks } = await candidateInIncident();
    await asCandidate(endReport, 'truncate orders', 'analyze orders');
    expect(await failedChecks()).toContain('data-intact');
  });

  it('catches stopped traffic: the API’s privileges revoked and its sessions ended', async () => {
    const { asCandidate, failedChecks } = await candidateInIncident();
    await asCandidate(
      endReport,
      'revoke select, insert on orders from app',
      `select pg_terminate_backend(pid) from pg_stat_activity where usename = 'app'`,
    );
    expect(await failedChecks()).toEqual(expect.arrayContaining(['traffic-flowing', 'api-latency']));
  });

  it('catches the slow query’s table dropped', async () => {
    const { asCandidate, failedChecks } = await candidateInIncident();
    await asCandidate(endReport, 'drop table orders');
    expect(await failedChecks()).toEqual(
      expect.arrayContaining(['data-intact', 'index-plan', 'traffic-flowing']),
    );
  });
});
