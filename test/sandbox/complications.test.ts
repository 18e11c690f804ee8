import { describe, expect, it } from 'vitest';
import { HttpError } from '../../server/errors.ts';
import { runLiveChecks } from '../../server/live/checks.ts';
import { runComplication } from '../../server/live/complications.ts';
import { createInvitation } from '../support/factories.ts';
import { candidateInEnvironment, setUpLivePlatform } from '../support/live.ts';

/**
 * The interviewer's complications on the real engine, one environment per challenge: each really
 * changes the live system, runs as the service's own user (never the candidate's), leaves nothing
 * the candidate can forge or erase, and the checks judge the system as it left it: a fix made
 * before it passed, the complication makes the affected check fail, handling it passes again.
 */
const live = setUpLivePlatform(['pegged-database', 'bad-gateway']);

const PEGGED_NOTE = `# Incident: orders database pegged

## Root cause
The orders API looks up a customer's latest orders by customer_id, and orders had no index on it, so
every call scanned a million rows. A runaway monthly report with a correlated subquery ran on top.

## Fix
Ended the runaway reports with pg_terminate_backend, built an index on (customer_id, created_at desc)
concurrently so checkout kept inserting, then vacuumed and analyzed orders after the mass update.

## Follow-ups
Put a statement timeout on the reporting role, re-enable autovacuum on orders, and review the plans of
new queries and backfills before they ship; the database team owns these by Friday.
`;

const GATEWAY_NOTE = [
  '# Incident: 502 Bad Gateway',
  '## Root cause',
  'nginx proxied to port 9001, where nothing listens since the shop API moved to 9000 in the migration, and the API could not restart anyway: last month’s uncompressed log filled /var/log/shop.',
  '## Fix',
  'Deleted the old rotated access.log.1 with sudo rm to free the volume, so the supervisor restarted the API; pointed the upstream at 9000, tested with nginx -t and reloaded nginx, then started it again after it was killed.',
  '## Follow-ups',
  'Add logrotate with compression and a size cap, alert on log volume usage above 80 %, and have the migration checklist include the nginx upstream; the platform team owns these.',
].join('\n\n');

async function inIncident(slug: string, note: string) {
  const invitation = await createInvitation(live.database.db, live.org);
  const inside = await candidateInEnvironment(live.app, invitation.token, invitation.attemptId, slug);
  const challenge = live.app.catalogue.challenges.get(slug);
  if (!challenge) throw new Error(`${slug} is missing`);
  const containerId = (await live.app.environments.find(inside.key)) ?? '';
  return {
    ...inside,
    /** The checks' verdict now: the ids that fail, and every check's message by id. */
    async verdict() {
      const outcome = await runLiveChecks({
        environments: live.app.environments,
        challenge,
        files: [{ path: 'INCIDENT.md', content: note }],
        key: inside.key,
      });
      if (outcome.kind !== 'judged')
        throw new Error(`expected a judgement: ${outcome.kind} ${outcome.error}`);
      return {
        failed: outcome.checks
          .filter((c) => !c.passed)
          .map((c) => c.id)
          .sort(),
        message: Object.fromEntries(outcome.checks.map((c) => [c.id, c.message])),
      };
    },
    /** Triggers a complication as the platform does, and insists that it worked. */
    async complicate(complicationId: string) {
      const result = await runComplication({
        environments: live.app.environments,
        challenge,
        key: inside.key,
        complicationId,
      });
      expect(result, complicationId).toMatchObject({ ok: true, exitCode: 0 });
      return result.output;
    },
    /** Runs a command that may fail (the candidate's attempts at forgery): its exit code and output. */
    async attempt(user: string, command: string) {
      const result = await live.app.environments.execCollect({
        containerId,
        user,
        command: ['bash', '-c', command],
        timeoutMs: 20_000,
        outputBytes: 64 * 1024,
      });
      return { exitCode: result.exitCode, output: result.stdout + result.stderr };
    },
  };
}

describe('complications', () => {
  it('refuses an unknown complication (404) and an environment that is not running (409)', async () => {
    const challenge = live.app.catalogue.challenges.get('pegged-database');
    if (!challenge) throw new Error('pegged-database is missing');
    const run = (complicationId: string) =>
      runComplication({ environments: live.app.environments, challenge, key: 'no-such-env', complicationId });
    await expect(run('no-such-thing')).rejects.toMatchObject({ status: 404 });
    const notRunning = await run('second-runaway-query').catch((e: unknown) => e);
    expect(notRunning).toBeInstanceOf(HttpError);
    expect(notRunning).toMatchObject({ status: 409, message: expect.stringMatching(/not running/) });
  });

  it('pegged-database: a second runaway, tripled checkout and a bloated table, each judged as it is', {
    timeout: 420_000,
  }, async () => {
    const env = await inIncident('pegged-database', PEGGED_NOTE);
    const sql = async (user: string, query: string) =>
      (
        await env.run(
          user,
          `psql -X -At -v ON_ERROR_STOP=1 -U ${user === 'sre' ? 'sre' : 'checker'} -c "${query}"`,
        )
      ).trim();
    const checker = (query: string) => sql('postgres', query);
    const insertsPerSecond = async () => {
      const count = `select coalesce(sum(calls), 0) from monitoring.pg_stat_statements where query like 'INSERT INTO orders%'`;
      const before = Number(await checker(count));
      await new Promise((resolve) => setTimeout(resolve, 4000));
      return (Number(await checker(count)) - before) / 4;
    };

    // The candidate's fix, before any complication: it passes every check.
    await sql(
      'sre',
      `select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'monthly-report'`,
    );
    await sql(
      'sre',
      'create index concurrently orders_customer_created_idx on orders (customer_id, created_at desc)',
    );
    await sql('sre', 'analyze orders');
    expect((await env.verdict()).failed).toEqual([]);
    const baseRate = await insertsPerSecond();
    expect(baseRate).toBeGreaterThan(5);
    expect(baseRate).toBeLessThan(15);

    // A second runaway: a report of the role reporting the database really runs, started as postgres.
    expect(await env.complicate('second-runaway-query')).toMatch(/finance-export/);
    expect(
      await checker(
        `select usename || ' ' || state from pg_stat_activity where application_name = 'finance-export' and backend_type = 'client backend'`,
      ),
    ).toBe('reporting active');
    expect(
      await env.run('postgres', `ps -o uid= -o args= -u 105 | grep -c 'psql -X -q -U reporting'`),
    ).toMatch(/^[1-9]/);

    // Checkout traffic triples: the database sees about 30 inserts a second, from workers of postgres.
    await env.complicate('checkout-traffic-triples');
    const surgeRate = await insertsPerSecond();
    expect(surgeRate).toBeGreaterThan(2 * baseRate);
    expect(surgeRate).toBeGreaterThan(20);
    const surgeWorkers = await env.run(
      'postgres',
      `ps -o uid=,args= -e | grep 'bash -c while :; do PGAPPNAME=checkout' | grep -v grep`,
    );
    expect(
      surgeWorkers
        .trim()
        .split('\n')
        .map((line) => line.trim().split(/\s+/)[0]),
    ).toEqual(['105', '105']);

    // The mass update: dead row versions in orders, and the planner now overestimates it.
    await env.complicate('table-bloat-after-mass-update');
    const [dead = 0, rows = 1, planned = 0] = (
      await checker(
        `select n_dead_tup, n_live_tup, (select reltuples / greatest(relpages, 1) * pg_relation_size('orders') / 8192 from pg_class where oid = 'orders'::regclass)::bigint from pg_stat_user_tables where relname = 'orders'`,
      )
    )
      .trim()
      .split('|')
      .map(Number);
    expect(dead).toBeGreaterThan(0.3 * rows);
    expect(planned).toBeGreaterThan(1.3 * rows);
    // No data changed: the seeded rows' checksum is as it was (data-intact below says so too).

    // The records are the service user's, out of the candidate's reach.
    expect(await env.run('postgres', 'cat /var/lib/pgdata/complications/second-runaway-query')).toMatch(
      / uid=105$/m,
    );
    for (const forgery of [
      'ls /var/lib/pgdata/complications',
      'cat /var/lib/pgdata/complications/checkout-traffic-triples',
      'rm -f /var/lib/pgdata/complications/checkout-traffic-triples',
      ': > /var/lib/pgdata/complications/table-bloat-after-mass-update',
      `psql -X -v ON_ERROR_STOP=1 -c "copy (select '') to '/var/lib/pgdata/complications/checkout-traffic-triples'"`,
      `psql -X -v ON_ERROR_STOP=1 -c "select pg_ls_dir('complications')"`,
    ]) {
      const tried = await env.attempt('sre', forgery);
      expect(tried.exitCode, `${forgery}: ${tried.output}`).not.toBe(0);
    }
    expect(await env.run('postgres', 'ls /var/lib/pgdata/complications')).toMatch(
      /checkout-traffic-triples\n[\s\S]*second-runaway-query\n[\s\S]*table-bloat-after-mass-update/,
    );

    // If the surge's workers were not served (only the usual 10 a second), the check now fails.
    await env.run(
      'postgres',
      `for p in $(cat /var/lib/pgdata/complications/checkout-surge.pids); do kill $p $(ps -o pid= --ppid $p); done`,
    );
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const after = await env.verdict();
    expect(after.failed).toEqual(
      expect.arrayContaining(['runaway-ended', 'statistics-current', 'traffic-flowing']),
    );
    expect(after.failed).not.toContain('data-intact');
    expect(after.message['runaway-ended']).toMatch(/finance-export/);
    expect(after.message['traffic-flowing']).toMatch(/it makes 30 a second since its traffic tripled/);
    expect(after.message['statistics-current']).toMatch(/dead row versions/);

    // Handled: every report ended (not only monthly-report), the bloat vacuumed without blocking
    // checkout, the surge back; every check passes on the system as the complications left it.
    await env.complicate('checkout-traffic-triples');
    await sql('sre', `select pg_terminate_backend(pid) from pg_stat_activity where usename = 'reporting'`);
    await sql('sre', 'analyze orders');
    const analyzedOnly = await env.verdict();
    expect(analyzedOnly.failed).toEqual(['statistics-current']);
    await sql('sre', 'vacuum (analyze) orders');
    const handled = await env.verdict();
    expect(handled.failed).toEqual([]);
    expect(handled.message['traffic-flowing']).toMatch(/its rate is 30\)/);
  });

  it('bad-gateway: a debug log flood and nginx killed, each judged as it is', {
    timeout: 180_000,
  }, async () => {
    const env = await inIncident('bad-gateway', GATEWAY_NOTE);
    const waitFor200 = `for i in $(seq 50); do curl -sf http://127.0.0.1:8080/ >/dev/null && exit 0; sleep 0.2; done; exit 1`;

    // The candidate's fix, before any complication: it passes every check.
    await env.run(
      'sre',
      'sudo rm /var/log/shop/access.log.1 && sed -i "s/127.0.0.1:9001/127.0.0.1:9000/" /srv/site/nginx.conf && nginx -t && sudo systemctl reload nginx',
    );
    await env.run('sre', waitFor200);
    expect((await env.verdict()).failed).toEqual([]);

    // Debug logging fills the volume: a file of the shop API's user, the volume about 92 % full.
    expect(await env.complicate('debug-log-flood')).toMatch(/debug\.log written/);
    expect(await env.run('sre', 'stat -c %U /var/log/shop/debug.log')).toBe('shop\n');
    const used = Number(
      (await env.run('sre', `df -P /var/log/shop | awk 'NR == 2 { print $5 }'`)).replace('%', ''),
    );
    expect(used).toBeGreaterThan(85);
    expect(await env.run('sre', 'curl -s -o /dev/null -w "%{http_code}" http://127.0.0.1:8080/')).toBe('200');

    // nginx killed: nothing answers on 8080 any more, its manager says it is dead and why.
    expect(await env.complicate('nginx-crash')).toMatch(/nothing listens on port 8080/);
    expect(
      await env.run('sre', 'curl -s -o /dev/null -w "%{http_code}" http://127.0.0.1:8080/ || true'),
    ).toBe('000');
    expect(await env.run('sre', 'systemctl status nginx || true')).toMatch(/inactive \(dead\)/);
    expect(await env.run('sre', 'journalctl -u nginx')).toMatch(/status=9\/KILL/);

    // The record is the shop user's; the candidate can neither read nor forge nor erase it.
    expect(await env.run('checker', 'cat /srv/shop/complications/debug-log-flood')).toMatch(/ uid=1001 /);
    for (const forgery of [
      'cat /srv/shop/complications/debug-log-flood',
      'rm -f /srv/shop/complications/debug-log-flood',
      'touch /srv/shop/complications/nginx-crash',
      'sudo rm /srv/shop/complications/debug-log-flood',
    ]) {
      const tried = await env.attempt('sre', forgery);
      expect(tried.exitCode, `${forgery}: ${tried.output}`).not.toBe(0);
    }

    expect((await env.verdict()).failed).toEqual([
      'answers-200',
      'config-valid',
      'log-space',
      'through-the-api',
    ]);

    // Handled: the debug log compressed, nginx started again; every check passes.
    await env.run('sre', 'sudo gzip /var/log/shop/debug.log && sudo systemctl start nginx');
    await env.run('sre', waitFor200);
    expect((await env.verdict()).failed).toEqual([]);
  });
});
