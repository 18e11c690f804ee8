import { describe, expect, it } from 'vitest';
import { drawValues } from '../../server/challenges/parameters.ts';
import { createInvitation } from '../support/factories.ts';
import {
  candidateInEnvironment,
  FAILED_BY_DOING_NOTHING,
  setUpLivePlatform,
  TestTerminal,
} from '../support/live.ts';

/**
 * The live incidents' seeded variants (#17) on the real engine. Each invitation draws which fault
 * the environment injects; the brief is the same for all. For every fault: its own fix scores
 * 100, doing nothing stays low, and the default variant's fix (the answer a leaked write-up would
 * give) leaves it broken. The candidate's shell never sees which fault it is. The twenty seeds
 * of the unit proof (challenge-parameters.test.ts) land only on the faults proven here.
 */
const live = setUpLivePlatform(['bad-gateway', 'pegged-database']);

/** The first seed that draws this fault. */
function seedFor(slug: string, fault: string): number {
  const parameters = live.app.catalogue.challenges.get(slug)?.manifest.parameters ?? [];
  for (let seed = 1; seed < 10_000; seed++) {
    if (drawValues(slug, parameters, seed).fault === fault) return seed;
  }
  throw new Error(`no seed draws ${fault}`);
}

async function candidateWith(slug: string, fault: string) {
  const variantSeed = seedFor(slug, fault);
  const invitation = await createInvitation(live.database.db, live.org, { variantSeed });
  const inside = await candidateInEnvironment(
    live.app,
    invitation.token,
    invitation.attemptId,
    slug,
    variantSeed,
  );
  /** Submits the note and grades it as the worker does (it reads the attempt's seed itself). */
  const score = async (note: string) => {
    await inside.client.put(`/api/candidate/attempt/challenges/${slug}/files`, {
      files: [{ path: 'INCIDENT.md', content: note }],
    });
    const run = await inside.client.post(`/api/candidate/attempt/challenges/${slug}/gradings`, {
      kind: 'run',
    });
    const graded = await live.app.grade(run.body.id);
    return {
      score: Number(graded.score),
      failed: (graded.checks ?? []).filter((c) => !c.passed).map((c) => c.id),
    };
  };
  return { ...inside, score };
}

const NOTE = [
  '# Incident: 502 Bad Gateway',
  '## Root cause',
  'nginx could not reach the shop API through its upstream as configured, and the API could not restart anyway: last month’s uncompressed log filled /var/log/shop.',
  '## Fix',
  'Deleted the old rotated access.log.1 with sudo rm to free the volume, so the supervisor restarted the API; corrected the upstream, tested with nginx -t and reloaded nginx without dropping connections.',
  '## Follow-ups',
  'Add logrotate with compression and a size cap, alert on log volume usage above 80 %, and review nginx changes against the API they front; the platform team owns these.',
].join('\n\n');

const freeLogVolume = 'sudo rm /var/log/shop/access.log.1';
const reload = 'nginx -t && sudo systemctl reload nginx';
const waitFor200 = `for i in $(seq 50); do curl -sf http://127.0.0.1:8080/ >/dev/null && exit 0; sleep 0.2; done; exit 1`;
/** Each fault's own fix, as an on-call engineer would type it after reading nginx's error log. */
const GATEWAY: Record<string, { fix: string; errorLog: RegExp }> = {
  'stale-upstream-port': {
    fix: `sed -i "s/127.0.0.1:9001/127.0.0.1:9000/" /srv/site/nginx.conf`,
    errorLog: /connect\(\) failed \(111: Connection refused\).*upstream: "http:\/\/127\.0\.0\.1:9001\//,
  },
  'upstream-tls': {
    fix: `sed -i "s|proxy_pass https://shop_api;|proxy_pass http://shop_api;|" /srv/site/nginx.conf`,
    errorLog: /SSL_do_handshake\(\) failed.*upstream: "https:\/\/127\.0\.0\.1:9000\//,
  },
  'upstream-socket': {
    fix: `sed -i "s|server unix:/run/shop/api.sock;|server 127.0.0.1:9000;|" /srv/site/nginx.conf`,
    errorLog: /connect\(\) to unix:\/run\/shop\/api\.sock failed \(2: No such file or directory\)/,
  },
};
const DEFAULT_GATEWAY_FIX = GATEWAY['stale-upstream-port']?.fix ?? '';

describe('bad-gateway variants', { timeout: 120_000 }, () => {
  for (const [fault, { fix, errorLog }] of Object.entries(GATEWAY)) {
    it(`${fault}: still answers 502 once the log volume is freed, its own cause in nginx's log; its own fix scores 100`, async () => {
      const { run, score } = await candidateWith('bad-gateway', fault);
      expect(await run('sre', 'curl -s -o /dev/null -w "%{http_code}" http://127.0.0.1:8080/')).toBe('502');
      // Every variant's first layer: the full volume keeps the API down. Freed, the API answers on
      // 9000, and the shop still answers 502 for this variant's own reason.
      await run(
        'sre',
        `${freeLogVolume} && for i in $(seq 50); do curl -sf http://127.0.0.1:9000/ >/dev/null && exit 0; sleep 0.2; done; exit 1`,
      );
      expect(await run('sre', 'curl -s -o /dev/null -w "%{http_code}" http://127.0.0.1:8080/')).toBe('502');
      expect(await run('sre', 'tail -n 1 /srv/nginx/error.log')).toMatch(errorLog);
      await run('sre', `${fix} && ${reload}`);
      await run('sre', waitFor200);
      expect(await score(NOTE)).toEqual({ score: 100, failed: [] });
    });

    it(`${fault}: doing nothing fails what is broken`, async () => {
      const { failedChecks } = await candidateWith('bad-gateway', fault);
      const starter = live.app.catalogue.challenges.get('bad-gateway')?.starter ?? [];
      expect(await failedChecks(starter)).toEqual(FAILED_BY_DOING_NOTHING['bad-gateway']);
    });

    if (fault !== 'stale-upstream-port') {
      it(`${fault}: the default variant's fix leaves the shop down (below 60)`, async () => {
        const { run, score } = await candidateWith('bad-gateway', fault);
        // The leaked answer: free the volume, "fix" the port, reload. Each step succeeds.
        await run('sre', `${freeLogVolume} && ${DEFAULT_GATEWAY_FIX} && ${reload}`);
        await run('sre', 'sleep 2.5');
        const graded = await score(NOTE);
        expect(graded.failed.sort()).toEqual(['answers-200', 'through-the-api']);
        expect(graded.score).toBeLessThan(60);
      });
    }
  }

  it('never tells the candidate’s shell which fault it is', async () => {
    const { client, run } = await candidateWith('bad-gateway', 'upstream-tls');
    // Every process the candidate can read (their own), and an exec's inherited environment.
    expect(
      await run('sre', `cat /proc/[0-9]*/environ 2>/dev/null | tr '\\0' '\\n' | grep -c VARIANT_ || true`),
    ).toBe('0\n');
    // nginx's service holds it (its own user reads it there), and sre can read no service's environment.
    const managers = `pgrep -u www-data,shop -f svcd.py`;
    expect(
      await run(
        'www-data',
        `tr '\\0' '\\n' < /proc/$(pgrep -u www-data -o -f svcd.py)/environ | grep VARIANT_`,
      ),
    ).toBe('VARIANT_FAULT=upstream-tls\n');
    expect(await run('sre', `${managers} | wc -l`)).toBe('2\n');
    expect(
      await run(
        'sre',
        `for p in $(${managers}); do cat /proc/$p/environ >/dev/null 2>&1 && echo $p; done; true`,
      ),
    ).toBe('');
    const terminal = await TestTerminal.open(live.app, client, 'bad-gateway');
    terminal.type(`echo "[\${VARIANT_FAULT-unset}]" && env | grep -c VARIANT_\r`);
    await terminal.waitFor(/\n\[unset\]\n0\n/);
    terminal.close();
  });
});

const PEGGED_NOTE = `# Incident: orders database pegged

## Root cause
The orders API looks up a customer's latest orders by customer_id; the index for it was left invalid
by last night's cancelled migration, so the planner ignored it and every call scanned a million rows.

## Fix
Ended the runaway monthly report with pg_terminate_backend, dropped the invalid index and built it
again concurrently so checkout kept inserting, then analyzed orders so the statistics are current.

## Follow-ups
Check indisvalid after every concurrent index build in the migration tool, put a statement timeout on
the reporting role, and alert on invalid indexes; the database team owns these by Friday.
`;

const endReport = `select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'monthly-report'`;

describe('pegged-database variants', { timeout: 240_000 }, () => {
  it('invalid-index: the index is there but invalid; doing nothing fails as the default does', async () => {
    const { run, failedChecks } = await candidateWith('pegged-database', 'invalid-index');
    expect(
      await run(
        'sre',
        `psql -X -At -c "select indexrelid::regclass, indisvalid, indisready from pg_index where indrelid = 'orders'::regclass and not indisprimary"`,
      ),
    ).toBe('orders_customer_id_idx|f|t\n');
    const starter = live.app.catalogue.challenges.get('pegged-database')?.starter[0]?.content ?? '';
    expect(await failedChecks([{ path: 'INCIDENT.md', content: starter }])).toEqual(
      FAILED_BY_DOING_NOTHING['pegged-database'],
    );
  });

  it('invalid-index: the natural name is taken, so the default fix fails; dropping and rebuilding scores 100', async () => {
    const { key, run, score } = await candidateWith('pegged-database', 'invalid-index');
    const psql = (sql: string) => `psql -X -v ON_ERROR_STOP=1 -c "${sql}"`;
    const taken = await live.app.environments.execCollect({
      containerId: (await live.app.environments.find(key)) ?? '',
      user: 'sre',
      command: [
        'bash',
        '-c',
        psql('create index concurrently orders_customer_id_idx on orders (customer_id)'),
      ],
      timeoutMs: 30_000,
      outputBytes: 4096,
    });
    expect(taken.stderr).toMatch(/relation "orders_customer_id_idx" already exists/);
    await run(
      'sre',
      [
        psql(endReport),
        psql('drop index concurrently orders_customer_id_idx'),
        psql('create index concurrently orders_customer_id_idx on orders (customer_id, created_at desc)'),
        psql('analyze orders'),
      ].join(' && '),
    );
    expect(await score(PEGGED_NOTE)).toEqual({ score: 100, failed: [] });
  });
});
