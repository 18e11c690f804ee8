import { describe, expect, it } from 'vitest';
import { LABEL_LIVE } from '../../sandbox/live.ts';
import { createLiveManager, environmentKey } from '../../server/live/manager.ts';
import { requireDocker } from '../support/docker.ts';
import { createInvitation } from '../support/factories.ts';
import { setUpLivePlatform, startedCandidate, TestTerminal } from '../support/live.ts';

/**
 * The platform side of live environments, on the real engine: starting one under the sandbox
 * policy, the terminal over an authenticated WebSocket, reconnecting, recording, capacity, and
 * stopping what must stop.
 */
const SLUG = 'pegged-database';
const live = setUpLivePlatform([SLUG], { maxEnvironments: 2 });

async function candidateWithEnvironment() {
  const invitation = await createInvitation(live.database.db, live.org);
  const client = await startedCandidate(live.app, invitation.token);
  const reply = await client.post(`/api/candidate/attempt/challenges/${SLUG}/environment`);
  expect(reply.body).toMatchObject({ status: 'ready' });
  return { client, attemptId: invitation.attemptId, readyMs: reply.body.readyMs as number };
}

describe('a live environment', () => {
  it('starts pegged within seconds, under the sandbox policy, labelled to die with its attempt', async () => {
    const { attemptId, readyMs } = await candidateWithEnvironment();
    expect(readyMs).toBeLessThan(15_000);
    const docker = await requireDocker();
    const [info] = await docker.listContainers({
      filters: { label: [`${LABEL_LIVE}=${environmentKey(attemptId, SLUG)}`] },
    });
    expect(info).toBeDefined();
    const inspect = await docker.getContainer(info?.Id ?? '').inspect();
    expect(inspect.Config.User).toBe('105:105');
    expect(inspect.HostConfig).toMatchObject({
      NetworkMode: 'none',
      ReadonlyRootfs: true,
      CapDrop: ['ALL'],
      SecurityOpt: ['no-new-privileges'],
      Privileged: false,
      Memory: 1024 * 1024 * 1024,
      MemorySwap: 1024 * 1024 * 1024,
    });
    expect(inspect.HostConfig.Binds ?? []).toEqual([]);
    expect(inspect.Mounts).toEqual([]);
    const attempt = await live.database.db.query<{ deadline: Date }>(
      'select deadline_at as deadline from attempts where id = $1',
      [attemptId],
    );
    const deadlineLabel = Date.parse(inspect.Config.Labels['gauntlet.deadline'] ?? '');
    expect(deadlineLabel - (attempt.rows[0]?.deadline.getTime() ?? 0)).toBeLessThanOrEqual(5 * 60_000);
  });

  it('is the same environment when asked again, and after a reconnect', async () => {
    const { client } = await candidateWithEnvironment();
    const first = await TestTerminal.open(live.app, client, SLUG);
    first.type('echo kept-across-reconnects > ~/marker && echo written\r');
    await first.waitFor(/\nwritten\n/);
    first.close();
    expect(
      (await client.post(`/api/candidate/attempt/challenges/${SLUG}/environment`)).body.readyMs,
    ).toBeGreaterThan(0);
    const second = await TestTerminal.open(live.app, client, SLUG);
    second.type('cat ~/marker\r');
    await second.waitFor(/\nkept-across-reconnects\n/);
    second.close();
  });
});

describe('the terminal', () => {
  it('runs the real tools with a TTY: typing, Ctrl-C and resize', async () => {
    const { client } = await candidateWithEnvironment();
    const terminal = await TestTerminal.open(live.app, client, SLUG);
    terminal.type('psql -X -At -c "select 6 * 7 as answer"\r');
    await terminal.waitFor(/\n42\n/);
    terminal.clear();
    terminal.type('sleep 60; echo slept\r');
    await new Promise((resolve) => setTimeout(resolve, 300));
    const interrupted = Date.now();
    terminal.type('\x03');
    terminal.type('echo after-interrupt\r');
    await terminal.waitFor(/\nafter-interrupt\n/);
    expect(Date.now() - interrupted).toBeLessThan(5000);
    expect(terminal.text()).not.toMatch(/\nslept\n/);
    terminal.clear();
    terminal.ws.send(JSON.stringify({ type: 'resize', cols: 91, rows: 33 }));
    await new Promise((resolve) => setTimeout(resolve, 200));
    terminal.type('stty size\r');
    await terminal.waitFor(/\n33 91\n/);
    terminal.close();
  });

  it('takes a size sent while its shell is still opening (a page resized before the socket opened)', async () => {
    const { client } = await candidateWithEnvironment();
    const terminal = await TestTerminal.open(live.app, client, SLUG);
    // Sent the moment the socket opens, before the server's docker exec is up (it opened at 120×40).
    terminal.ws.send(JSON.stringify({ type: 'resize', cols: 87, rows: 13 }));
    terminal.type('stty size\r');
    await terminal.waitFor(/\n13 87\n/);
    terminal.close();
  });

  it('records what was typed and shown in the replay log, server-side', async () => {
    const { client, attemptId } = await candidateWithEnvironment();
    const terminal = await TestTerminal.open(live.app, client, SLUG);
    terminal.type('echo recorded-$((20 + 22))\r');
    await terminal.waitFor(/recorded-42/);
    terminal.close();
    await terminal.closed;
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const { rows } = await live.database.db.query<{ stream: string; data: string }>(
      `select payload->>'stream' as stream, payload->>'data' as data from attempt_events
       where attempt_id = $1 and kind = 'terminal' order by seq`,
      [attemptId],
    );
    expect(
      rows
        .filter((r) => r.stream === 'input')
        .map((r) => r.data)
        .join(''),
    ).toContain('echo recorded-$((20 + 22))');
    expect(
      rows
        .filter((r) => r.stream === 'output')
        .map((r) => r.data)
        .join(''),
    ).toContain('recorded-42');
  });

  it('is refused without the candidate’s cookie, from another site, and for a challenge not running', async () => {
    const { client } = await candidateWithEnvironment();
    await expect(TestTerminal.open(live.app, live.app.client(), SLUG)).rejects.toThrow(/401/);
    await expect(
      TestTerminal.open(live.app, client, SLUG, { origin: 'https://evil.example' }),
    ).rejects.toThrow(/403/);
    // Another candidate, started but without an environment, reaches nobody's shell.
    const other = await startedCandidate(
      live.app,
      (await createInvitation(live.database.db, live.org)).token,
    );
    await expect(TestTerminal.open(live.app, other, SLUG)).rejects.toThrow(/409/);
    await expect(TestTerminal.open(live.app, client, 'terraform-refactor')).rejects.toThrow(/409|404/);
    // Once the challenge is submitted its environment takes no more commands, even before it stops.
    expect(
      (await client.post(`/api/candidate/attempt/challenges/${SLUG}/gradings`, { kind: 'submit' })).status,
    ).toBe(202);
    await expect(TestTerminal.open(live.app, client, SLUG)).rejects.toThrow(/409/);
    const write = await client.put(`/api/candidate/attempt/challenges/${SLUG}/environment/file`, {
      path: '/home/sre/late.txt',
      content: 'too late',
    });
    expect(write.body.error).toMatchObject({ id: 'already_submitted' });
  });
});

describe('files of the environment', () => {
  it('opens and saves them as the terminal’s user, and refuses what that user could not do', async () => {
    const { client } = await candidateWithEnvironment();
    const base = `/api/candidate/attempt/challenges/${SLUG}/environment/file`;
    const read = (path: string) => client.get(`${base}?path=${encodeURIComponent(path)}`);

    const sql = await read('/opt/pegged/workload/orders-api.sql');
    expect(sql.status).toBe(200);
    expect(sql.body.content).toContain('FROM orders WHERE customer_id');

    const saved = await client.put(base, {
      path: '/home/sre/plan.txt',
      content: 'kill the report, then index',
    });
    expect(saved.body).toEqual({ path: '/home/sre/plan.txt', bytes: 27 });
    const terminal = await TestTerminal.open(live.app, client, SLUG);
    terminal.type('cat ~/plan.txt; echo\r');
    await terminal.waitFor(/\nkill the report, then index\n/);
    terminal.close();

    // The database's own files belong to postgres; the root filesystem is read-only.
    const privateLog = await read('/var/lib/pgdata/server.log');
    expect(privateLog.status).toBe(409);
    expect(privateLog.body.error.message).toMatch(/Permission denied/);
    const system = await client.put(base, { path: '/etc/passwd', content: 'root::0:0::/:/bin/sh\n' });
    expect(system.status).toBe(409);
    expect(system.body.error.message).toMatch(/Read-only file system|Permission denied/);
    expect((await read('/usr/lib/postgresql/15/bin/postgres')).status).toBe(413);
    const traversal = await read('/home/sre/../../etc/shadow');
    expect(traversal.status).toBe(400);
    expect(traversal.body.error.message).toMatch(/\.\./);
    // Another candidate's cookie reaches only their own (not running) environment.
    const other = await startedCandidate(
      live.app,
      (await createInvitation(live.database.db, live.org)).token,
    );
    expect((await other.get(`${base}?path=%2Fhome%2Fsre%2Fplan.txt`)).status).toBe(409);
  });
});

describe('capacity and clean-up', () => {
  it('answers "busy, retry" past the host’s limit and starts once one frees up; the sweep stops what must stop', async () => {
    expect(await live.app.environments.list()).toEqual([]);

    const first = await candidateWithEnvironment();
    const second = await candidateWithEnvironment();
    const thirdInvitation = await createInvitation(live.database.db, live.org);
    const third = await startedCandidate(live.app, thirdInvitation.token);
    const busy = await third.request('POST', `/api/candidate/attempt/challenges/${SLUG}/environment`);
    expect(busy.status).toBe(503);
    expect(busy.body.error).toMatchObject({ id: 'environments_busy' });

    // The first attempt's time runs out: the sweep stops its environment, which frees a place.
    await live.database.db.query(
      `update attempts set deadline_at = now() - interval '1 minute' where id = $1`,
      [first.attemptId],
    );
    expect(await live.app.manager.sweep()).toBe(1);
    const { rows } = await live.database.db.query<{ status: string; reason: string }>(
      `select status, end_reason as reason from live_environments where attempt_id = $1`,
      [first.attemptId],
    );
    expect(rows).toEqual([{ status: 'ended', reason: "the attempt's time ran out" }]);
    expect((await third.post(`/api/candidate/attempt/challenges/${SLUG}/environment`)).status).toBe(200);

    // Nobody typed in the third for longer than the idle limit: the sweep stops it too.
    await live.database.db.query(
      `update live_environments set last_active_at = now() - interval '31 minutes' where attempt_id = $1`,
      [thirdInvitation.attemptId],
    );
    expect(await live.app.manager.sweep()).toBe(1);
    const idle = await live.database.db.query<{ reason: string }>(
      `select end_reason as reason from live_environments where attempt_id = $1`,
      [thirdInvitation.attemptId],
    );
    expect(idle.rows).toEqual([{ reason: 'nobody used it for 30 minutes' }]);

    // A container no running record claims (left by a crash) is removed by a sweep once it is two
    // minutes old (a younger one may be another server's start in progress).
    await live.database.db.query(`update live_environments set status = 'ended' where attempt_id = $1`, [
      second.attemptId,
    ]);
    expect(await live.app.manager.sweep()).toBe(0);
    expect(await live.app.environments.list()).toHaveLength(1);
    const later = createLiveManager({ ...live.app.managerDeps, orphanAfterMs: 0 });
    expect(await later.sweep()).toBe(1);
    expect(await live.app.environments.list()).toEqual([]);
  });
});
