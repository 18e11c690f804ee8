import { describe, expect, it } from 'vitest';
import { LABEL_LIVE } from '../../sandbox/live.ts';
import { createLiveManager, EnvironmentsBusyError } from '../../server/live/manager.ts';
import { practiceKey } from '../../server/practice/manager.ts';
import { requireDocker } from '../support/docker.ts';
import { createInvitation } from '../support/factories.ts';
import { setUpLivePlatform, TestTerminal } from '../support/live.ts';

/**
 * The practice before the clock on the real engine: its environment under the sandbox policy, the
 * file editor and the terminal in it, its checks (starter fails, the asked fix passes), and the
 * rules that keep it practice: the clock stays unstarted, nothing lands in the attempt's records,
 * it ends at Start, and a candidate reaches only their own.
 */
const live = setUpLivePlatform(['bad-gateway'], { maxEnvironments: 3 });

async function enteredCandidate() {
  const invitation = await createInvitation(live.database.db, live.org);
  const client = live.app.client();
  expect((await client.post('/api/candidate/enter', { token: invitation.token })).status).toBe(204);
  return { client, attemptId: invitation.attemptId };
}

const countOf = async (table: string, attemptId: string) =>
  (
    await live.database.db.query<{ n: number }>(
      `select count(*)::int as n from ${table} where attempt_id = $1`,
      [attemptId],
    )
  ).rows[0]?.n;

describe('the practice', () => {
  it('is never in the catalogue, so no assessment can hold it', async () => {
    expect(live.app.catalogue.practice?.manifest.slug).toBe('practice-warm-up');
    expect(live.app.catalogue.challenges.has('practice-warm-up')).toBe(false);
  });

  it('runs before Start under the sandbox policy: the editor and the terminal change it, the check judges it, the clock never starts', async () => {
    const { client, attemptId } = await enteredCandidate();
    const view = await client.get('/api/candidate/practice');
    expect(view.body).toMatchObject({ available: true, environment: 'none', lastCheck: null });
    expect(JSON.stringify(view.body)).not.toContain('check.sh');

    const started = await client.post('/api/candidate/practice/environment');
    expect(started.body).toMatchObject({ status: 'ready' });
    const docker = await requireDocker();
    const [info] = await docker.listContainers({
      filters: { label: [`${LABEL_LIVE}=${practiceKey(attemptId)}`] },
    });
    const inspect = await docker.getContainer(info?.Id ?? '').inspect();
    expect(inspect.HostConfig).toMatchObject({
      NetworkMode: 'none',
      ReadonlyRootfs: true,
      CapDrop: ['ALL'],
      SecurityOpt: ['no-new-privileges'],
      Privileged: false,
    });
    expect(inspect.Mounts).toEqual([]);
    // Its own scope: the assessments' live manager neither counts nor sweeps it.
    expect(await live.app.environments.list()).toEqual([]);
    expect(await live.app.manager.sweep()).toBe(0);

    const starter = await client.get('/api/candidate/practice/environment/file?path=/home/sre/app.conf');
    expect(starter.body.content).toContain('port = 80800');
    const before = await client.post('/api/candidate/practice/checks');
    expect(before.status).toBe(200);
    expect(before.body.error).toBeNull();
    expect(before.body.checks.map((c: { passed: boolean }) => c.passed)).toEqual([false, false]);
    expect(before.body.checks[1].message).toMatch(/no hello\.txt/);

    const fixed = starter.body.content.replace('port = 80800', 'port = 8080');
    const saved = await client.put('/api/candidate/practice/environment/file', {
      path: '/home/sre/app.conf',
      content: fixed,
    });
    expect(saved.status).toBe(200);
    const terminal = await TestTerminal.openAt(live.app, client, '/api/candidate/practice/terminal');
    terminal.type('echo hello > hello.txt && grep -c 8080 app.conf && echo done-$((1 + 1))\r');
    await terminal.waitFor(/\n1\ndone-2\n/);
    terminal.close();

    const after = await client.post('/api/candidate/practice/checks');
    expect(after.body.checks).toEqual([
      expect.objectContaining({ id: 'port-fixed', passed: true }),
      expect.objectContaining({ id: 'hello-file', passed: true }),
    ]);
    expect(Object.keys(after.body.checks[0]).sort()).toEqual(['id', 'message', 'passed', 'title']);
    // After a reload the page shows the last check again.
    expect((await client.get('/api/candidate/practice')).body).toMatchObject({
      environment: 'ready',
      lastCheck: { checks: [{ passed: true }, { passed: true }] },
    });

    const attempt = await live.database.db.query(
      'select started_at as "startedAt", deadline_at as "deadlineAt" from attempts where id = $1',
      [attemptId],
    );
    expect(attempt.rows[0]).toEqual({ startedAt: null, deadlineAt: null });
    for (const table of ['attempt_files', 'attempt_events', 'gradings', 'live_environments', 'time_credits'])
      expect(await countOf(table, attemptId), table).toBe(0);

    // Start ends the practice: its environment stops and every practice route answers 409.
    expect((await client.post('/api/candidate/attempt/start')).status).toBe(200);
    await expect
      .poll(() => live.app.practice.environments.find(practiceKey(attemptId)), { timeout: 15_000 })
      .toBeUndefined();
    expect((await client.get('/api/candidate/practice')).body).toMatchObject({ available: false });
    for (const reply of [
      await client.post('/api/candidate/practice/environment'),
      await client.post('/api/candidate/practice/checks'),
    ])
      expect(reply.body.error.id).toBe('practice_over');
    await expect(TestTerminal.openAt(live.app, client, '/api/candidate/practice/terminal')).rejects.toThrow(
      /409/,
    );
  });

  it('judges what the file says, not how it looks: look-alikes fail, other spellings of the fix pass', async () => {
    const { client } = await enteredCandidate();
    expect((await client.post('/api/candidate/practice/environment')).body).toMatchObject({
      status: 'ready',
    });
    const starter = (await client.get('/api/candidate/practice/environment/file?path=/home/sre/app.conf'))
      .body.content as string;
    const write = (path: string, content: string) =>
      client.put('/api/candidate/practice/environment/file', { path: `/home/sre/${path}`, content });
    const verdicts = async () =>
      ((await client.post('/api/candidate/practice/checks')).body.checks as { passed: boolean }[]).map(
        (c) => c.passed,
      );
    // [app.conf, hello.txt, expected port-fixed, expected hello-file]
    const cases: [string, string, boolean, boolean][] = [
      // Wrong answers that look right.
      [starter.replace('port = 80800', 'port = 80800 # 8080'), 'hello', false, true],
      [starter.replace('port = 80800', '# port = 8080\nport = 80800'), 'hello', false, true],
      [
        starter.replace('port = 80800', 'port = 8080').replace(/log_level = \w+/, 'log_level = debug'),
        'hello',
        false,
        true,
      ],
      [starter.replace('port = 80800', 'port = 8080'), 'helo world', true, false],
      // Right answers written another way.
      [starter.replace('port = 80800', 'port=8080   # fixed'), 'Hello, world!', true, true],
    ];
    for (const [conf, hello, port, said] of cases) {
      expect((await write('app.conf', conf)).status).toBe(200);
      expect((await write('hello.txt', hello)).status).toBe(200);
      expect(await verdicts(), `${JSON.stringify(conf)} / ${JSON.stringify(hello)}`).toEqual([port, said]);
    }
  });

  it('is each candidate’s own: another candidate reaches only theirs, and no one without a session reaches any', async () => {
    const a = await enteredCandidate();
    const b = await enteredCandidate();
    expect((await a.client.post('/api/candidate/practice/environment')).status).toBe(200);
    const other = await b.client.get('/api/candidate/practice/environment/file?path=/home/sre/app.conf');
    expect(other.status).toBe(409);
    expect(other.body.error.id).toBe('environment_not_running');
    const anonymous = live.app.client();
    expect((await anonymous.post('/api/candidate/practice/checks')).status).toBe(401);
    await expect(
      TestTerminal.openAt(live.app, anonymous, '/api/candidate/practice/terminal'),
    ).rejects.toThrow(/401/);
    await live.app.practice.stop(a.attemptId, 'the test ended');
  });

  it('counts against the same LIVE_MAX_ENVIRONMENTS as the assessments’ live environments', async () => {
    const practising = await enteredCandidate();
    expect((await practising.client.post('/api/candidate/practice/environment')).status).toBe(200);
    // The one engine (LIVE_MAX_ENVIRONMENTS) with room for one.
    const engines = (live.app.managerDeps.engines ?? []).map((engine) => ({ ...engine, capacity: 1 }));
    expect(engines.map((e) => e.name)).toEqual(['local']);
    const manager = createLiveManager({ ...live.app.managerDeps, engines });
    const working = await enteredCandidate();
    expect((await working.client.post('/api/candidate/attempt/start')).status).toBe(200);
    await expect(manager.ensure(working.attemptId, 'bad-gateway')).rejects.toBeInstanceOf(
      EnvironmentsBusyError,
    );
    await live.app.practice.stop(practising.attemptId, 'the test ended');
  });
});
