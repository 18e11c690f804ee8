import { describe, expect, it } from 'vitest';
import { createInvitation } from '../support/factories.ts';
import {
  candidateInEnvironment,
  FAILED_BY_DOING_NOTHING,
  setUpLivePlatform,
  TestTerminal,
} from '../support/live.ts';

/**
 * The bad-gateway incident on the real engine: the reference fix typed into the terminal passes
 * every check; doing nothing fails what is broken; deleting the current log, faking the answer in
 * nginx or putting another server on the API's port is caught by probing the running system.
 */
const SLUG = 'bad-gateway';
const live = setUpLivePlatform([SLUG]);

const NOTE = [
  '# Incident: 502 Bad Gateway',
  '## Root cause',
  'nginx proxied to port 9001, where nothing listens since the shop API moved to 9000 in the migration, and the API could not restart anyway: last month\u2019s uncompressed log filled /var/log/shop.',
  '## Fix',
  'Deleted the old rotated access.log.1 with sudo rm to free the volume, so the supervisor restarted the API; pointed the upstream at 9000, tested with nginx -t and reloaded nginx without dropping connections.',
  '## Follow-ups',
  'Add logrotate with compression and a size cap, alert on log volume usage above 80 %, and have the migration checklist include the nginx upstream; the platform team owns these.',
].join('\n\n');

async function candidateInIncident() {
  const invitation = await createInvitation(live.database.db, live.org);
  const inside = await candidateInEnvironment(live.app, invitation.token, invitation.attemptId, SLUG);
  return { ...inside, failed: () => inside.failedChecks([{ path: 'INCIDENT.md', content: NOTE }]) };
}

/** Waits for a 200 on a port: the API comes back within its supervisor's 2 s, nginx's workers reload. */
const waitFor200 = (port: number) =>
  `for i in $(seq 50); do curl -sf http://127.0.0.1:${port}/ >/dev/null && exit 0; sleep 0.2; done; exit 1`;

describe('bad-gateway', { timeout: 120_000 }, () => {
  it('passes every check after the reference fix, typed into the terminal and graded through the API', async () => {
    const { client, run } = await candidateInIncident();
    const terminal = await TestTerminal.open(live.app, client, SLUG);
    terminal.type('curl -s -o /dev/null -w "%{http_code}\\n" http://127.0.0.1:8080/\r');
    await terminal.waitFor(/\n502\n/);
    terminal.type(
      'sudo rm /var/log/shop/access.log.1 && sed -i "s/127.0.0.1:9001/127.0.0.1:9000/" /srv/site/nginx.conf && nginx -t && sudo systemctl reload nginx && echo fixed\r',
    );
    await terminal.waitFor(/\nfixed\n/);
    terminal.close();
    await run('sre', waitFor200(8080));

    await client.put(`/api/candidate/attempt/challenges/${SLUG}/files`, {
      files: [{ path: 'INCIDENT.md', content: NOTE }],
    });
    const graded = await live.app.grade(
      (await client.post(`/api/candidate/attempt/challenges/${SLUG}/gradings`, { kind: 'run' })).body.id,
    );
    expect(graded.checks?.filter((c) => !c.passed).map((c) => `${c.id}: ${c.message}`)).toEqual([]);
    expect(Number(graded.score)).toBe(100);
  });

  it('fails what is still broken when the candidate does nothing', async () => {
    const { failedChecks } = await candidateInIncident();
    const starter = live.app.catalogue.challenges.get(SLUG)?.starter ?? [];
    expect(await failedChecks(starter)).toEqual(FAILED_BY_DOING_NOTHING[SLUG]);
  });

  it('catches the current log deleted instead of last month’s', async () => {
    const { run, failed } = await candidateInIncident();
    await run('sre', 'sudo rm /var/log/shop/access.log /var/log/shop/access.log.1');
    await run('sre', 'sed -i "s/:9001/:9000/" /srv/site/nginx.conf && sudo nginx -s reload');
    await run('sre', waitFor200(8080));
    expect(await failed()).toEqual(['current-log-kept']);
  });

  it('tells the truth in the supervisor’s log: the exit status the API really had', async () => {
    const { run } = await candidateInIncident();
    const journal = await run('sre', 'sleep 2.5; journalctl -u shop-api');
    expect(journal).toMatch(/has 0 KiB free; not starting/);
    expect(journal).toMatch(/shop-api exited with status 1; restarting in 2 s/);
  });
});
