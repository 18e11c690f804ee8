import { beforeAll, describe, expect, it } from 'vitest';
import { buildPlayback } from '../../client/src/replay/playback.ts';
import { loadCatalogue } from '../../server/challenges/load.ts';
import { configWith } from '../../server/config.ts';
import {
  type Replay,
  replaySchema,
  type StoredEvent,
  storedEventsSchema,
} from '../../server/contract/events.ts';
import { fromFileMap, replayFiles } from '../../server/contract/replay.ts';
import { demoCandidates } from '../../server/demo/candidates.ts';
import { INCIDENT_ASSESSMENT } from '../../server/demo/incident-candidates.ts';
import { DEMO_INTERVIEW } from '../../server/demo/interview.ts';
import { DEMO, seedDemo } from '../../server/seed.ts';
import { setUpTestApp } from '../support/app.ts';
import type { Client } from '../support/http.ts';

const t = setUpTestApp();
const config = configWith({ SESSION_SECRET: 'test-secret-test-secret' });
/** Row counts of every table the demo writes to: a second seed must leave them all as they are. */
const TABLES = [
  'organisations',
  'staff_users',
  'assessments',
  'invitations',
  'attempts',
  'attempt_events',
  'attempt_event_batches',
  'attempt_snapshots',
  'attempt_files',
  'gradings',
  'attempt_scores',
  'reviews',
  'live_environments',
];
let firstSeedMs = 0;
let staff: Client;
let attempts: { id: string; candidateName: string }[];
let incidentAttempts: { id: string; candidateName: string }[];

const counts = async () =>
  Object.fromEntries(
    await Promise.all(
      TABLES.map(async (table) => {
        const { rows } = await t.database.db.query<{ n: number }>(`select count(*)::int as n from ${table}`);
        return [table, rows[0]?.n] as const;
      }),
    ),
  );

async function replayOf(attemptId: string): Promise<{ replay: Replay; events: StoredEvent[] }> {
  const replay = replaySchema.parse((await staff.get(`/api/staff/attempts/${attemptId}/replay`)).body);
  const events: StoredEvent[] = [];
  for (let more = true; more; ) {
    const page = (
      await staff.get(`/api/staff/attempts/${attemptId}/replay/events?afterSeq=${events.at(-1)?.seq ?? 0}`)
    ).body;
    events.push(...storedEventsSchema.parse(page.events));
    more = page.more;
  }
  return { replay, events };
}

beforeAll(async () => {
  const started = performance.now();
  await seedDemo(t.database.db, config, { catalogue: await loadCatalogue() });
  firstSeedMs = performance.now() - started;
  staff = t.app.client();
  const { email, password } = DEMO.interviewer;
  expect((await staff.post('/api/staff/sign-in', { email, password })).status).toBe(200);
  const { assessments } = (await staff.get('/api/staff/assessments')).body;
  const attemptsOf = async (title: string) => {
    const assessment = assessments.find((a: { title: string }) => a.title === title);
    return (await staff.get(`/api/staff/assessments/${assessment.id}/attempts`)).body.attempts;
  };
  attempts = await attemptsOf(DEMO.assessment.title);
  incidentAttempts = await attemptsOf(INCIDENT_ASSESSMENT.title);
}, 120_000);

describe('the demo seed', () => {
  it('adds every demo candidate to their assessment, the Terraform ones beside the unstarted invitation', async () => {
    const groups = demoCandidates(t.app.deps.catalogue);
    expect(groups.map((g) => g.slug)).toEqual(['terraform-refactor', 'bad-gateway']);
    for (const group of groups) {
      const invited = (group.assessment ? incidentAttempts : attempts).map((a) => a.candidateName);
      for (const candidate of group.candidates) expect(invited).toContain(candidate.name);
    }
    expect(attempts.map((a) => a.candidateName)).toContain(DEMO.candidate.name);
    expect(incidentAttempts.map((a) => a.candidateName)).toEqual(['Mei Tanaka']);
  });

  it("replays each demo attempt to exactly the files it submitted, within the attempt's time", async () => {
    for (const name of ['Ada Okafor', 'Ben Hughes']) {
      const attempt = attempts.find((a) => a.candidateName === name);
      const { replay, events } = await replayOf(attempt?.id ?? '');
      expect(events.length, name).toBeGreaterThan(50);
      const [challenge] = replay.challenges;
      const submitted = replay.gradings.find((g) => g.kind === 'submit');
      expect(submitted?.status, name).toBe('done');
      const files = fromFileMap(replayFiles(challenge?.starter ?? [], events));
      expect(files, name).toEqual(submitted?.files);
      const latest = (
        await staff.get(`/api/staff/attempts/${attempt?.id}/replay/files?challenge=${challenge?.slug}`)
      ).body;
      expect(latest.files, name).toEqual(files);
      const startedAt = Date.parse(replay.attempt.startedAt ?? '');
      const submittedAt = Date.parse(replay.attempt.submittedAt ?? '');
      const times = events.map((e) => Date.parse(e.at));
      expect(Math.min(...times), name).toBeGreaterThanOrEqual(startedAt);
      expect(Math.max(...times), name).toBeLessThanOrEqual(submittedAt);
      // Human pace: the work spreads over a good part of the 45 minutes, not one instant.
      expect(Math.max(...times) - Math.min(...times), name).toBeGreaterThan(15 * 60_000);
      expect(submittedAt, name).toBeLessThan(Date.now() - 3600_000);
    }
  });

  it('shows pastes, focus losses and check runs with their real results on the timeline', async () => {
    const ada = attempts.find((a) => a.candidateName === 'Ada Okafor');
    const { replay, events } = await replayOf(ada?.id ?? '');
    const kinds = new Set(buildPlayback(replay, events).markers.map((m) => m.kind));
    expect([...kinds].sort()).toEqual(['away', 'paste', 'run', 'submit']);
    const runs = replay.gradings.filter((g) => g.kind === 'run');
    expect(runs.length).toBeGreaterThanOrEqual(2);
    for (const run of runs) {
      expect(run.status).toBe('done');
      const seen = events.find((e) => e.kind === 'run' && e.payload.gradingId === run.id);
      expect(seen?.payload).toEqual({ gradingId: run.id, passed: run.passed, total: run.total });
    }
    // The reference solution passes every check; the candidate got there through failing runs.
    const submitted = replay.gradings.find((g) => g.kind === 'submit');
    expect(submitted?.passed).toBe(submitted?.total);
    expect(runs[0]?.passed).toBeLessThan(runs[0]?.total ?? 0);
  });

  it('shows the auto scores and the interviewer review of a demo attempt', async () => {
    const ada = attempts.find((a) => a.candidateName === 'Ada Okafor');
    const review = (await staff.get(`/api/staff/attempts/${ada?.id}`)).body;
    expect(review.challenges[0].submission.status).toBe('done');
    expect(JSON.stringify(review)).toContain('strong_yes');
    const ben = attempts.find((a) => a.candidateName === 'Ben Hughes');
    const partial = (await staff.get(`/api/staff/attempts/${ben?.id}`)).body;
    expect(partial.challenges[0].submission.score).toBeLessThan(review.challenges[0].submission.score);
  });

  it('schedules today’s live interview, in progress, with the demo interviewer in the room', async () => {
    const { interviews } = (await staff.get('/api/staff/interviews')).body;
    const demo = interviews.find((i: { title: string }) => i.title === DEMO_INTERVIEW.title);
    expect(demo).toMatchObject({ candidateName: DEMO_INTERVIEW.candidate.name, status: 'not_started' });
    expect(demo.participants).toEqual([{ name: DEMO.interviewer.name, role: 'interviewer' }]);
    expect(Date.parse(demo.startsAt)).toBeLessThanOrEqual(Date.now());
    expect(Date.parse(demo.endsAt)).toBeGreaterThan(Date.now() + 3600_000);
    const room = (await staff.get(`/api/staff/interviews/${demo.id}`)).body;
    expect(room.me.role).toBe('interviewer');
    expect(
      room.challenges.map((c: { guide: string | null }) => c.guide?.startsWith('# Interviewer guide')),
    ).toEqual([true, true]);
  });

  it('replays the on-call candidate’s terminal session beside her note, within her attempt', async () => {
    const mei = incidentAttempts.find((a) => a.candidateName === 'Mei Tanaka');
    const { replay, events } = await replayOf(mei?.id ?? '');
    const terminal = events.flatMap((e) => (e.kind === 'terminal' ? [{ ...e.payload, at: e.at }] : []));
    // The commands as typed (keystroke by keystroke, a slip erased with Backspace now and then).
    const typed = terminal
      .filter((c) => c.stream === 'input')
      .map((c) => c.data)
      .join('')
      .replace(/.\x7f/g, '')
      .split('\r');
    expect(typed).toContain('sudo rm /var/log/shop/access.log.1');
    expect(typed.length).toBeGreaterThan(15);
    const shown = terminal
      .filter((c) => c.stream === 'output')
      .map((c) => c.data)
      .join('');
    for (const seen of ['HTTP/1.1 502 Bad Gateway', 'has 0 KiB free; not starting', 'HTTP/1.1 200 OK'])
      expect(shown).toContain(seen);
    // Terminal work and note edits interleave in one log, in time order, within the attempt.
    const times = events.map((e) => Date.parse(e.at));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(Math.min(...times)).toBeGreaterThanOrEqual(Date.parse(replay.attempt.startedAt ?? ''));
    expect(Math.max(...times)).toBeLessThanOrEqual(Date.parse(replay.attempt.submittedAt ?? ''));
    const playback = buildPlayback(replay, events);
    expect(playback.hasTerminal).toBe(true);
    // The timeline shows the typing as activity: no idle stretch hides a keystroke.
    for (const at of terminal.filter((c) => c.stream === 'input').map((c) => Date.parse(c.at)))
      expect(playback.idle.some(([from, to]) => at > from && at < to)).toBe(false);
    const files = fromFileMap(replayFiles(replay.challenges[0]?.starter ?? [], events));
    const submitted = replay.gradings.find((g) => g.kind === 'submit');
    expect(files).toEqual(submitted?.files);
    expect(files[0]?.content).toContain('access.log.1');
  });

  it('grades the on-call candidate’s runs and submission with the checks’ recorded verdicts', async () => {
    const mei = incidentAttempts.find((a) => a.candidateName === 'Mei Tanaka');
    const { replay, events } = await replayOf(mei?.id ?? '');
    const kinds = new Set(buildPlayback(replay, events).markers.map((m) => m.kind));
    expect([...kinds].sort()).toEqual(['away', 'run', 'submit']);
    const [first, second] = replay.gradings.filter((g) => g.kind === 'run');
    // The port fixed but the disk still full: the first run fails; after the disk, all pass.
    expect(first?.passed).toBeLessThan(first?.total ?? 0);
    expect(second?.passed).toBe(second?.total);
    const review = (await staff.get(`/api/staff/attempts/${mei?.id}`)).body;
    const submission = review.challenges[0].submission;
    expect(submission).toMatchObject({ status: 'done', score: 100 });
    expect(JSON.stringify(review)).toContain('"yes"');
    const { rows } = await t.database.db.query(
      `select status, end_reason as "endReason", ready_ms as "readyMs",
         created_at < ready_at and ready_at < ended_at as "inOrder"
       from live_environments where attempt_id = $1`,
      [mei?.id],
    );
    expect(rows).toEqual([
      {
        status: 'ended',
        endReason: 'the challenge was submitted',
        readyMs: expect.any(Number),
        inOrder: true,
      },
    ]);
  });

  it('changes nothing when seeded again, and is quick about it', async () => {
    const before = await counts();
    const started = performance.now();
    await seedDemo(t.database.db, config, { catalogue: t.app.deps.catalogue });
    const againMs = performance.now() - started;
    expect(await counts()).toEqual(before);
    process.stdout.write(`demo seed: first ${Math.round(firstSeedMs)} ms, again ${Math.round(againMs)} ms\n`);
    expect(againMs).toBeLessThan(5_000);
  });
});
