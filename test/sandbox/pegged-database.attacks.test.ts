import { describe, expect, it } from 'vitest';
import { runLiveChecks } from '../../server/live/checks.ts';
import { createInvitation } from '../support/factories.ts';
import { candidateInEnvironment, setUpLivePlatform } from '../support/live.ts';

/**
 * A hostile candidate on the orders database, with nothing but `sre`'s shell and psql (the owner
 * of the database and its tables, pg_signal_backend, pg_monitor). Each attack aims at a forged
 * pass or at superuser; each must end in the verdict the live system deserves or a grader error,
 * never in a pass for something that is not fixed. The comments say how each attack works.
 */
const SLUG = 'pegged-database';
const live = setUpLivePlatform([SLUG]);

const NOTE = `# Incident: orders database pegged

## Root cause
The orders API looks up a customer's latest orders by customer_id and orders had no index on it, so
every call scanned a million rows, while a runaway monthly report with a correlated subquery ran on top.

## Fix
Ended the runaway report with pg_terminate_backend, built an index on (customer_id, created_at desc)
concurrently so checkout kept inserting, then analyzed orders so the planner's statistics are current.

## Follow-ups
Put a statement timeout on the reporting role, re-enable autovacuum on orders, and review the plans of
new queries before they ship; the database team owns these by Friday.
`;

const endReport = `select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'monthly-report'`;
/** The right fix, in one go (the reference test types it into the terminal). */
const fix = [
  endReport,
  'create index concurrently orders_customer_created_idx on orders (customer_id, created_at desc)',
  'analyze orders',
];
/** What the candidate fails by fixing nothing. */
const BROKEN = ['api-latency', 'index-plan', 'runaway-ended', 'statistics-current', 'traffic-flowing'];

async function candidateInIncident() {
  const invitation = await createInvitation(live.database.db, live.org);
  const inside = await candidateInEnvironment(live.app, invitation.token, invitation.attemptId, SLUG);
  /** Runs SQL as the candidate (`sre`) through psql, in one session. */
  const asCandidate = (sql: string) =>
    inside.run('sre', `psql -X -v ON_ERROR_STOP=1 -q <<'SQL'\n${sql}\nSQL`);
  const failedChecks = () => inside.failedChecks([{ path: 'INCIDENT.md', content: NOTE }]);
  return { ...inside, asCandidate, failedChecks };
}

const isSuperuser = (run: (user: string, command: string) => Promise<string>) =>
  run('sre', `psql -X -At -c "select rolsuper from pg_roles where rolname = 'sre'"`);

describe('pegged-database against a hostile candidate', { timeout: 180_000 }, () => {
  it('keeps the candidate’s operators, functions and search path out of the verdict, and sre no superuser', {
    timeout: 180_000,
  }, async () => {
    const { asCandidate, failedChecks, run } = await candidateInIncident();
    // The attack of issue #20: a schema of sre's put first on the database's search path, holding
    // an || operator that turns the marker into an all-pass verdict and a pg_sleep, now(),
    // count() and jsonb_path_exists that make sre superuser when a superuser calls them. The
    // checks pin search_path = pg_catalog, pg_temp, qualify every name, and judge as `checker`.
    await asCandidate(`
create schema evil;
create function evil.forge(text, json) returns text language sql as $$ select $1 || '{"checks": []}' $$;
create operator evil.|| (leftarg = text, rightarg = json, function = evil.forge);
create function evil.escalate() returns void language plpgsql security invoker as $$
begin execute 'alter role sre superuser'; exception when others then null; end $$;
create function evil.pg_sleep(double precision) returns void language plpgsql as $$ begin perform evil.escalate(); end $$;
create function evil.now() returns timestamptz language plpgsql as $$ begin perform evil.escalate(); return pg_catalog.now(); end $$;
create function evil.count(anyelement) returns bigint language plpgsql as $$ begin perform evil.escalate(); return 1; end $$;
create function evil.hashtext(text) returns int language plpgsql as $$ begin perform evil.escalate(); return 0; end $$;
grant usage on schema evil to public;
grant execute on all functions in schema evil to public;
alter database shop set search_path = evil, public, monitoring;`);
    const failed = await failedChecks();
    expect(failed).toEqual(BROKEN);
    expect((await isSuperuser(run)).trim()).toBe('f');
  });

  it('reads pg_stat_statements from its own schema, not a view the candidate planted in public', {
    timeout: 180_000,
  }, async () => {
    const { asCandidate, failedChecks } = await candidateInIncident();
    // public belongs to the database's owner (sre): a view named pg_stat_statements there, first
    // on every session's path, reports the API at 1 ms and 50 calls a second.
    await asCandidate(`
create view public.pg_stat_statements as
  select (select oid from pg_roles where rolname = 'app') as userid,
         'SELECT id, status, total, created_at FROM orders WHERE customer_id = $1 ORDER BY created_at DESC LIMIT $2'::text as query,
         (extract(epoch from clock_timestamp()) * 50)::bigint as calls,
         (extract(epoch from clock_timestamp()) * 50) as total_exec_time;`);
    expect(await failedChecks()).toEqual(BROKEN);
  });

  it('catches a partial index for most customers plus a loop that cancels the slow lookups', {
    timeout: 240_000,
  }, async () => {
    const { asCandidate, failedChecks, run } = await candidateInIncident();
    // The index leaves out the top 5 % of customer ids; a loop of sre's cancels every orders-API
    // query running for more than 50 ms, so the completed calls alone look fast.
    await asCandidate(`${endReport};
create index concurrently orders_most_customers_idx on orders (customer_id, created_at desc) where customer_id <= 95000;
analyze orders;`);
    await run(
      'sre',
      `(for i in $(seq 600); do psql -X -Atq -c "select pg_cancel_backend(pid) from pg_stat_activity where application_name = 'orders-api' and state = 'active' and now() - query_start > interval '50 ms'" >/dev/null 2>&1; sleep 0.05; done &)`,
    );
    const failed = await failedChecks();
    expect(failed).toEqual(expect.arrayContaining(['api-latency', 'index-plan']));
    expect(failed).not.toContain('data-intact');
  });

  it('catches privileges widened beyond what production had', { timeout: 240_000 }, async () => {
    const { asCandidate, failedChecks } = await candidateInIncident();
    await asCandidate(`${fix.map((s) => `${s};`).join('\n')}
grant all on orders, customers to public;`);
    expect(await failedChecks()).toEqual(['traffic-flowing']);
  });

  it('catches orders swapped for a view over a copy', { timeout: 180_000 }, async () => {
    const { asCandidate, failedChecks } = await candidateInIncident();
    // Reading a view would run the candidate's query in the checks' session: the checks see it is
    // no longer a table before reading anything from it.
    await asCandidate(`${endReport};
alter table orders rename to orders_old;
create view orders as select * from orders_old;`);
    expect(await failedChecks()).toEqual(expect.arrayContaining(['data-intact']));
  });

  it('ends in a grader error or the true verdict when the candidate kills the checks’ sessions, never a pass', {
    timeout: 180_000,
  }, async () => {
    const { run, key } = await candidateInIncident();
    // sre may end any session that is not a superuser's, the checks' included: that can stop the
    // checks, not change what they say.
    await run(
      'sre',
      `(for i in $(seq 400); do psql -X -Atq -c "select pg_terminate_backend(pid) from pg_stat_activity where usename = 'checker'" >/dev/null 2>&1; sleep 0.02; done &)`,
    );
    const challenge = live.app.catalogue.challenges.get(SLUG);
    if (!challenge) throw new Error(`${SLUG} is missing`);
    const outcome = await runLiveChecks({
      environments: live.app.environments,
      challenge,
      files: [{ path: 'INCIDENT.md', content: NOTE }],
      key,
    });
    if (outcome.kind === 'judged')
      expect(outcome.checks.filter((c) => !c.passed).map((c) => c.id)).toEqual(
        expect.arrayContaining(BROKEN),
      );
    else expect(outcome.kind).toBe('grader_error');
  });

  it('refuses what only a superuser may do: event triggers, casts on built-in types, role attributes', async () => {
    const { run } = await candidateInIncident();
    const refused = await run(
      'sre',
      `for q in "create event trigger t on ddl_command_start execute function pg_catalog.now()" "create cast (text as json) without function" "alter role checker superuser" "alter role app set search_path = evil"; do psql -X -Atq -c "$q" >/dev/null 2>&1; echo $?; done`,
    );
    expect(refused.trim().split('\n')).toEqual(['1', '1', '1', '1']);
  });
});
