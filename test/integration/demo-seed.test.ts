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
];
let firstSeedMs = 0;
let staff: Client;
let attempts: { id: string; candidateName: string }[];

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
  const assessment = assessments.find((a: { title: string }) => a.title === DEMO.assessment.title);
  attempts = (await staff.get(`/api/staff/assessments/${assessment.id}/attempts`)).body.attempts;
}, 120_000);

describe('the demo seed', () => {
  it('adds every demo candidate to the Terraform assessment beside the unstarted invitation', async () => {
    const names = demoCandidates(t.app.deps.catalogue).flatMap((c) => c.candidates.map((d) => d.name));
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) expect(attempts.map((a) => a.candidateName)).toContain(name);
    expect(attempts.map((a) => a.candidateName)).toContain(DEMO.candidate.name);
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
