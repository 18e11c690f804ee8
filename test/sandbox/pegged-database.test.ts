import { describe, expect, it } from 'vitest';
import { createInvitation } from '../support/factories.ts';
import {
  candidateInEnvironment,
  FAILED_BY_DOING_NOTHING,
  setUpLivePlatform,
  TestTerminal,
} from '../support/live.ts';

/**
 * The pegged-database incident, end to end on the real engine: the reference fix typed into the
 * terminal passes every check; doing nothing fails the ones it should; each way of cheating (losing
 * data, stopping the traffic, dropping the slow table, an index that blocks writes) is caught by the
 * checks that judge the live system.
 */
const SLUG = 'pegged-database';
const live = setUpLivePlatform([SLUG]);

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

async function candidateInIncident() {
  const invitation = await createInvitation(live.database.db, live.org);
  const inside = await candidateInEnvironment(live.app, invitation.token, invitation.attemptId, SLUG);
  /** Runs SQL as the candidate (`sre`), the way they would in psql. */
  const asCandidate = (...statements: string[]) =>
    inside.run('sre', `psql -X -v ON_ERROR_STOP=1 ${statements.map((s) => `-c "${s}"`).join(' ')}`);
  const failedChecks = (note = NOTE) => inside.failedChecks([{ path: 'INCIDENT.md', content: note }]);
  return { ...inside, asCandidate, failedChecks };
}

const endReport = `select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'monthly-report'`;

describe('pegged-database', { timeout: 180_000 }, () => {
  // Building the index concurrently takes a while on a busy machine: this test has its own limit.
  it('passes every check after the reference fix, typed into the terminal and graded through the API', {
    timeout: 180_000,
  }, async () => {
    const { client, key } = await candidateInIncident();
    const terminal = await TestTerminal.open(live.app, client, SLUG);
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
    const graded = await live.app.grade(run.body.id);
    expect(graded.status).toBe('done');
    expect(graded.checks?.filter((c) => !c.passed).map((c) => `${c.id}: ${c.message}`)).toEqual([]);
    expect(Number(graded.score)).toBe(100);

    // Submitting ends the challenge, and its environment with it.
    const submit = await client.post(`/api/candidate/attempt/challenges/${SLUG}/gradings`, {
      kind: 'submit',
    });
    expect((await live.app.grade(submit.body.id)).status).toBe('done');
    expect(await live.app.environments.find(key)).toBeUndefined();
  });

  it('fails what is still broken when the candidate does nothing', async () => {
    const { failedChecks } = await candidateInIncident();
    const starter = live.app.catalogue.challenges.get(SLUG)?.starter[0]?.content ?? '';
    expect(await failedChecks(starter)).toEqual(FAILED_BY_DOING_NOTHING[SLUG]);
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
