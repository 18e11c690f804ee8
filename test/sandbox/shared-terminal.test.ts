import { describe, expect, it } from 'vitest';
import type { KeyboardState } from '../../server/contract/interview.ts';
import { listEvents } from '../../server/queries/events.ts';
import { createStaffMember, PASSWORD } from '../support/factories.ts';
import type { Client } from '../support/http.ts';
import { candidateInEnvironment, setUpLivePlatform, TestTerminal } from '../support/live.ts';

/**
 * A live interview's terminal on the real engine: the candidate, an interviewer and a shadow see
 * one shell; only the keyboard's holder types; the hand-over goes request → give → take back; every
 * keystroke is recorded with its author, and a shadow's never reach the shell.
 */
const SLUG = 'bad-gateway';
const live = setUpLivePlatform([SLUG]);

async function signIn(email: string): Promise<Client> {
  const client = live.app.client();
  expect((await client.post('/api/staff/sign-in', { email, password: PASSWORD })).status).toBe(200);
  return client;
}

async function interviewInProgress() {
  const manager = await signIn(live.org.manager.email);
  const scheduled = await manager.post('/api/staff/interviews', {
    title: 'Live round',
    challengeSlugs: [SLUG],
    startsAt: new Date().toISOString(),
    durationMinutes: 60,
    meetingUrl: null,
    candidateName: 'Grace Hopper',
    candidateEmail: `grace-${Date.now()}@example.com`,
  });
  expect(scheduled.status).toBe(201);
  const { interview, link } = scheduled.body;
  const interviewer = await signIn(live.org.interviewer.email);
  const shadow = await signIn(
    (await createStaffMember(live.database.db, live.org, 'interviewer', 'Sam')).email,
  );
  await interviewer.post(`/api/staff/interviews/${interview.id}/join`, { role: 'interviewer' });
  await shadow.post(`/api/staff/interviews/${interview.id}/join`, { role: 'shadow' });
  const inside = await candidateInEnvironment(
    live.app,
    link.replace('/invite/', ''),
    interview.attemptId,
    SLUG,
  );
  const staffPath = `/api/staff/interviews/${interview.id}/challenges/${SLUG}/terminal`;
  return { interview, inside, interviewer, shadow, staffPath };
}

const state = (terminal: TestTerminal, accept: (s: KeyboardState) => boolean) =>
  terminal.waitForControl<KeyboardState>((m) => m.type === 'keyboard' && accept(m));

describe('the shared terminal of a live interview', { timeout: 120_000 }, () => {
  it('shows one shell to everyone, types only for the keyboard’s holder, and records who typed', async () => {
    const { interview, inside, interviewer, shadow, staffPath } = await interviewInProgress();
    const candidate = await TestTerminal.open(live.app, inside.client, SLUG);
    await state(candidate, (s) => s.mine && s.holder.kind === 'candidate');
    candidate.type('echo "first-$((6*7))"\r');
    await candidate.waitFor(/\nfirst-42\n/);

    // A late joiner sees what was printed before, and that the candidate has the keyboard.
    const watching = await TestTerminal.openAt(live.app, interviewer, staffPath);
    await watching.waitFor(/\nfirst-42\n/);
    await state(watching, (s) => !s.mine && s.holder.kind === 'candidate');
    const silent = await TestTerminal.openAt(live.app, shadow, staffPath);
    await silent.waitFor(/\nfirst-42\n/);

    // Keys of someone without the keyboard never reach the shell.
    watching.type('touch /tmp/typed-by-interviewer-without-keyboard\r');
    silent.type('touch /tmp/typed-by-shadow\r');
    silent.control({ type: 'keyboard', action: 'request' });
    candidate.type('echo "second-$((7*6))"\r');
    await watching.waitFor(/\nsecond-42\n/);

    // The hand-over: asked for, given, used, taken back.
    watching.control({ type: 'keyboard', action: 'request' });
    await state(candidate, (s) => s.requestedBy === 'Interviewer');
    candidate.control({ type: 'keyboard', action: 'give' });
    await state(watching, (s) => s.mine && s.holder.name === 'Interviewer');
    await state(silent, (s) => !s.mine && s.holder.name === 'Interviewer');
    candidate.type('touch /tmp/typed-by-candidate-without-keyboard\r');
    watching.type('echo "by-$((40+2))-interviewer"\r');
    await candidate.waitFor(/\nby-42-interviewer\n/);
    await silent.waitFor(/\nby-42-interviewer\n/);
    candidate.control({ type: 'keyboard', action: 'take_back' });
    await state(watching, (s) => !s.mine && s.holder.kind === 'candidate');
    candidate.type('echo "third-$((21*2))"\r');
    await silent.waitFor(/\nthird-42\n/);

    const files = await inside.run('sre', 'ls /tmp');
    expect(files).not.toContain('typed-by-shadow');
    expect(files).not.toContain('typed-by-interviewer-without-keyboard');
    expect(files).not.toContain('typed-by-candidate-without-keyboard');

    for (const terminal of [candidate, watching, silent]) terminal.close();
    // The recorder flushes each second and on the last close.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const events = await listEvents(live.database.db, interview.attemptId, {
      kinds: ['terminal', 'keyboard'],
    });
    const typed = events
      .filter((e) => e.kind === 'terminal' && (e.payload as { stream: string }).stream === 'input')
      .map((e) => [e.authorName, (e.payload as { data: string }).data]);
    expect(typed.filter(([, data]) => data?.includes('by-$((40+2))'))).toEqual([
      ['Interviewer', 'echo "by-$((40+2))-interviewer"\r'],
    ]);
    expect(
      typed
        .filter(([author]) => author === null)
        .map(([, d]) => d)
        .join(''),
    ).toContain('third-$((21*2))');
    expect(typed.some(([, data]) => data?.includes('typed-by'))).toBe(false);
    expect(events.filter((e) => e.kind === 'keyboard').map((e) => [e.authorName, e.payload])).toEqual([
      ['Interviewer', { action: 'requested', holder: 'Interviewer' }],
      [null, { action: 'given', holder: 'Interviewer' }],
      [null, { action: 'taken_back', holder: 'Candidate' }],
    ]);
  });
});
