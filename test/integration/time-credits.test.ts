/**
 * Time credited for platform faults, through the real database, routes and live manager. The live
 * manager runs over a double of the engine (a start that fails, or one that succeeds and records
 * what it was asked): what is under test is what Gauntlet does with the engine's answer, not Docker.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { type LiveEnvironments, LiveStartError, type LiveStartRequest } from '../../sandbox/index.ts';
import type { Sandbox } from '../../sandbox/run.ts';
import { creditFailedStart } from '../../server/accommodations/credits.ts';
import { finalizeExpiredAttempt } from '../../server/commands/finalize-expired.ts';
import { configWith } from '../../server/config.ts';
import { gradeJob } from '../../server/grading/worker.ts';
import { createLiveManager } from '../../server/live/manager.ts';
import { findAttempt } from '../../server/queries/attempts.ts';
import { insertInterview } from '../../server/queries/interviews.ts';
import { findCurrentEnvironment } from '../../server/queries/live-environments.ts';
import { recordingQueue, setUpTestApp } from '../support/app.ts';
import {
  createInvitation,
  createOrganisation,
  PASSWORD,
  type TestOrganisation,
} from '../support/factories.ts';
import { LIVE_SLUG } from '../support/two-organisations.ts';

const FILES_SLUG = 'terraform-refactor';
const queue = recordingQueue();
const t = setUpTestApp(queue);
let org: TestOrganisation;

beforeAll(async () => {
  org = await createOrganisation(t.database.db, [LIVE_SLUG, FILES_SLUG]);
});

/** An engine double: every start fails as an unreachable engine would, or succeeds and is recorded. */
function engineDouble(outcome: 'fails' | 'starts') {
  const requests: LiveStartRequest[] = [];
  const running = new Map<string, string>();
  const environments: LiveEnvironments = {
    async start(request) {
      requests.push(request);
      if (outcome === 'fails') throw new LiveStartError('the engine did not answer');
      running.set(request.key, `container-${requests.length}`);
      return { containerId: `container-${requests.length}`, key: request.key, readyMs: 5 };
    },
    find: async (key) => running.get(key),
    list: async () =>
      [...running].map(([key, containerId]) => ({ key, containerId, running: true, createdAt: new Date() })),
    async destroy(containerId) {
      for (const [key, id] of running) if (id === containerId) running.delete(key);
    },
    openShell: () => Promise.reject(new Error('the double opens no shells')),
    execCollect: () => Promise.reject(new Error('the double runs nothing')),
  };
  const manager = createLiveManager({
    db: t.database.db,
    catalogue: t.app.deps.catalogue,
    config: configWith({ SESSION_SECRET: 'test-secret-test-secret' }),
    environments,
  });
  return { manager, requests };
}

async function signedInManager() {
  const client = t.app.client();
  expect(
    (await client.post('/api/staff/sign-in', { email: org.manager.email, password: PASSWORD })).status,
  ).toBe(200);
  return client;
}

/** A started attempt (optionally with an accommodation set first) and its candidate's client. */
async function startedAttempt(accommodation?: object) {
  const invitation = await createInvitation(t.database.db, org);
  if (accommodation) {
    const manager = await signedInManager();
    const set = await manager.put(`/api/staff/attempts/${invitation.attemptId}/accommodation`, accommodation);
    expect(set.status).toBe(200);
  }
  const candidate = t.app.client();
  await candidate.post('/api/candidate/enter', { token: invitation.token });
  const started = await candidate.post('/api/candidate/attempt/start');
  expect(started.status).toBe(200);
  return { attemptId: invitation.attemptId, candidate, deadline: Date.parse(started.body.deadlineAt) };
}

const deadlineOf = async (attemptId: string) =>
  (await findAttempt(t.database.db, attemptId))?.deadlineAt?.getTime();

const creditsOf = async (attemptId: string) =>
  (
    await t.database.db.query<{ cause: string; minutes: number }>(
      'select cause, minutes from time_credits where attempt_id = $1 order by created_at',
      [attemptId],
    )
  ).rows;

const platformAuditOf = async (attemptId: string) =>
  (
    await t.database.db.query<{ actorId: string | null; details: Record<string, unknown> }>(
      `select actor_id as "actorId", details from audit_log
       where action = 'attempt.time_credit' and target_type = 'attempt' and target_id = $1 order by id`,
      [attemptId],
    )
  ).rows;

const backdate = (table: 'gradings' | 'live_environments', column: string, id: string, minutes: number) =>
  t.database.db.query(`update ${table} set ${column} = now() - make_interval(mins => $2) where id = $1`, [
    id,
    minutes,
  ]);

describe('a live environment that would not start', () => {
  it('gives the candidate the time back, once per outage, audited as the platform and shown on the replay', async () => {
    const { attemptId, candidate, deadline } = await startedAttempt();
    const { manager } = engineDouble('fails');
    const failure = await manager.ensure(attemptId, LIVE_SLUG).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toMatchObject({ status: 502, id: 'environment_failed' });
    expect((failure as Error).message).toMatch(
      /the engine did not answer \(5 minutes were added to your time\)/,
    );
    expect(await deadlineOf(attemptId)).toBe(deadline + 5 * 60_000);
    expect(await creditsOf(attemptId)).toEqual([{ cause: 'live_start_failed', minutes: 5 }]);

    const audit = await platformAuditOf(attemptId);
    expect(audit).toHaveLength(1);
    expect(audit[0]?.actorId).toBeNull();
    expect(audit[0]?.details).toMatchObject({
      actor: 'platform',
      cause: 'live_start_failed',
      appliedMinutes: 5,
    });

    // The candidate's countdown reads the moved deadline, with the reason to show.
    const seen = await candidate.get('/api/candidate/attempt');
    expect(Date.parse(seen.body.deadlineAt)).toBe(deadline + 5 * 60_000);
    expect(seen.body.timeCredits).toMatchObject([
      { cause: 'live_start_failed', minutes: 5, appliedMinutes: 5 },
    ]);

    // Reviewers see it on the replay and with the accommodation.
    const reviewer = await signedInManager();
    const events = await reviewer.get(`/api/staff/attempts/${attemptId}/replay/events`);
    const credit = events.body.events.filter((e: { kind: string }) => e.kind === 'time_credit');
    expect(credit).toMatchObject([
      { challengeSlug: LIVE_SLUG, payload: { cause: 'live_start_failed', minutes: 5, appliedMinutes: 5 } },
    ]);
    const read = await reviewer.get(`/api/staff/attempts/${attemptId}/accommodation`);
    expect(read.body.accommodation.credits).toMatchObject([{ cause: 'live_start_failed', minutes: 5 }]);

    // The same incident seen again (a retried detection) credits nothing more.
    const failed = await t.database.db.query<{ id: string; createdAt: Date }>(
      `select id, created_at as "createdAt" from live_environments where attempt_id = $1 and status = 'failed'`,
      [attemptId],
    );
    const row = failed.rows[0];
    if (!row) throw new Error('no failed environment recorded');
    expect(
      await creditFailedStart(t.database.db, { ...row, attemptId, challengeSlug: LIVE_SLUG }),
    ).toBeUndefined();
    expect(await creditsOf(attemptId)).toHaveLength(1);
    expect(await deadlineOf(attemptId)).toBe(deadline + 5 * 60_000);

    // The page tries again within seconds and fails again: the same outage, already covered.
    await expect(manager.ensure(attemptId, LIVE_SLUG)).rejects.toMatchObject({ id: 'environment_failed' });
    expect(await creditsOf(attemptId)).toHaveLength(1);
    // A failure after those five minutes is a new outage.
    await t.database.db.query(
      `update time_credits set created_at = now() - interval '6 minutes' where attempt_id = $1`,
      [attemptId],
    );
    await expect(manager.ensure(attemptId, LIVE_SLUG)).rejects.toMatchObject({ id: 'environment_failed' });
    expect(await creditsOf(attemptId)).toHaveLength(2);
    expect(await deadlineOf(attemptId)).toBe(deadline + 10 * 60_000);
  });

  it('credits a start the sweep finds stuck, by how long it hung', async () => {
    const { attemptId, deadline } = await startedAttempt();
    const { manager } = engineDouble('starts');
    const { rows } = await t.database.db.query<{ id: string }>(
      `insert into live_environments (organisation_id, attempt_id, challenge_slug, created_at)
       values ($1, $2, $3, now() - interval '6 minutes') returning id`,
      [org.organisationId, attemptId, LIVE_SLUG],
    );
    await manager.sweep();
    const ended = await t.database.db.query<{ status: string; reason: string }>(
      'select status, end_reason as reason from live_environments where id = $1',
      [rows[0]?.id],
    );
    expect(ended.rows[0]).toEqual({ status: 'ended', reason: 'it never finished starting' });
    // Six minutes and a little: seven, rounded up.
    expect(await creditsOf(attemptId)).toEqual([{ cause: 'live_start_failed', minutes: 7 }]);
    expect(await deadlineOf(attemptId)).toBe(deadline + 7 * 60_000);
    await manager.sweep();
    expect(await creditsOf(attemptId)).toHaveLength(1);
  });

  it('gives nothing to a submitted attempt', async () => {
    const { attemptId } = await startedAttempt();
    await t.database.db.query('update attempts set submitted_at = now() where id = $1', [attemptId]);
    const result = await creditFailedStart(t.database.db, {
      id: crypto.randomUUID(),
      attemptId,
      challengeSlug: LIVE_SLUG,
      createdAt: new Date(),
    });
    expect(result).toBeUndefined();
    expect(await creditsOf(attemptId)).toEqual([]);
  });
});

describe("an interview's slot", () => {
  it('stays a hard stop: extra time and credits end at its end, and the candidate reads only what counted', async () => {
    const invitation = await createInvitation(t.database.db, org);
    const { rows } = await t.database.db.query<{ invitationId: string }>(
      'select invitation_id as "invitationId" from attempts where id = $1',
      [invitation.attemptId],
    );
    // A 50-minute slot for an assessment of 45 minutes, +100 %: the slot ends first.
    const endsAt = new Date(Date.now() + 50 * 60_000);
    await insertInterview(t.database.db, {
      organisationId: org.organisationId,
      assessmentId: org.assessmentId,
      invitationId: rows[0]?.invitationId ?? '',
      startsAt: new Date(Date.now() - 60_000),
      endsAt,
      meetingUrl: null,
      createdBy: org.manager.id,
    });
    const manager = await signedInManager();
    const set = await manager.put(`/api/staff/attempts/${invitation.attemptId}/accommodation`, {
      extraTime: { kind: 'percent', percent: 100 },
      note: '',
    });
    expect(set.body.accommodation.timeLimitMinutes).toBe(90);
    const candidate = t.app.client();
    await candidate.post('/api/candidate/enter', { token: invitation.token });
    const started = await candidate.post('/api/candidate/attempt/start');
    expect(Date.parse(started.body.deadlineAt)).toBe(endsAt.getTime());

    const credit = await creditFailedStart(t.database.db, {
      id: crypto.randomUUID(),
      attemptId: invitation.attemptId,
      challengeSlug: LIVE_SLUG,
      createdAt: new Date(),
    });
    expect(credit).toMatchObject({ minutes: 5, appliedMinutes: 0 });
    expect(await deadlineOf(invitation.attemptId)).toBe(endsAt.getTime());
    // Audited and on the staff view as given (5) and applied (0); the candidate is told nothing.
    const read = await manager.get(`/api/staff/attempts/${invitation.attemptId}/accommodation`);
    expect(read.body.accommodation.credits).toMatchObject([{ minutes: 5, appliedMinutes: 0 }]);
    expect((await candidate.get('/api/candidate/attempt')).body.timeCredits).toEqual([]);
  });
});

describe('the live idle limit of an accommodated attempt', () => {
  it('stretches by the extra time, in the environment and in the sweep', async () => {
    const plain = await startedAttempt();
    const accommodated = await startedAttempt({ extraTime: { kind: 'percent', percent: 50 }, note: '' });
    const { manager, requests } = engineDouble('starts');
    await manager.ensure(plain.attemptId, LIVE_SLUG);
    await manager.ensure(accommodated.attemptId, LIVE_SLUG);
    // LIVE_IDLE_MINUTES is 30: the environment's own guard gets 30 and 45 minutes.
    expect(requests.map((r) => r.idleSeconds)).toEqual([30 * 60, 45 * 60]);

    const rowOf = async (attemptId: string) => {
      const row = await findCurrentEnvironment(t.database.db, attemptId, LIVE_SLUG);
      if (!row) throw new Error(`no environment for ${attemptId}`);
      return row.id;
    };
    const plainRow = await rowOf(plain.attemptId);
    const stretchedRow = await rowOf(accommodated.attemptId);
    await backdate('live_environments', 'last_active_at', plainRow, 40);
    await backdate('live_environments', 'last_active_at', stretchedRow, 40);
    await manager.sweep();
    const reasonOf = async (id: string) =>
      (
        await t.database.db.query<{ status: string; reason: string | null }>(
          'select status, end_reason as reason from live_environments where id = $1',
          [id],
        )
      ).rows[0];
    expect(await reasonOf(plainRow)).toEqual({ status: 'ended', reason: 'nobody used it for 30 minutes' });
    expect(await reasonOf(stretchedRow)).toEqual({ status: 'ready', reason: null });

    await backdate('live_environments', 'last_active_at', stretchedRow, 46);
    await manager.sweep();
    expect(await reasonOf(stretchedRow)).toEqual({
      status: 'ended',
      reason: 'nobody used it for 45 minutes',
    });
  });
});

describe('a grading queue that stopped answering', () => {
  const GRADINGS = `/api/candidate/attempt/challenges/${FILES_SLUG}/gradings`;
  /** The engine is down too: the worker picks the job up, then fails to grade (a retry later). */
  const downSandbox: Sandbox = {
    run: () => Promise.reject(new Error('the engine is down')),
    prepare: () => Promise.reject(new Error('the engine is down')),
  };
  const pickUp = (gradingId: string) =>
    gradeJob(
      { db: t.database.db, catalogue: t.app.deps.catalogue, sandbox: downSandbox },
      { gradingId, jobId: `job-${gradingId}`, retryCount: 0 },
    ).catch(() => false);

  it('credits the wait of a check run picked up past two minutes, once, on the replay', async () => {
    const { attemptId, candidate, deadline } = await startedAttempt();
    const run = await candidate.post(GRADINGS, { kind: 'run' });
    expect(run.status).toBe(202);
    await backdate('gradings', 'created_at', run.body.id, 4);
    await pickUp(run.body.id);
    // Four minutes and a little: five.
    expect(await creditsOf(attemptId)).toEqual([{ cause: 'grading_stalled', minutes: 5 }]);
    expect(await deadlineOf(attemptId)).toBe(deadline + 5 * 60_000);
    expect(await platformAuditOf(attemptId)).toMatchObject([
      { actorId: null, details: { cause: 'grading_stalled' } },
    ]);
    // The job delivered again (its worker died) is the same incident.
    await pickUp(run.body.id);
    expect(await creditsOf(attemptId)).toHaveLength(1);

    const reviewer = await signedInManager();
    const events = await reviewer.get(`/api/staff/attempts/${attemptId}/replay/events`);
    expect(events.body.events.filter((e: { kind: string }) => e.kind === 'time_credit')).toMatchObject([
      { challengeSlug: FILES_SLUG, payload: { cause: 'grading_stalled', minutes: 5 } },
    ]);
  });

  it('credits nothing for a healthy wait, nor for a submission', async () => {
    const { attemptId, candidate, deadline } = await startedAttempt();
    const quick = await candidate.post(GRADINGS, { kind: 'run' });
    await backdate('gradings', 'created_at', quick.body.id, 1);
    await pickUp(quick.body.id);
    const submit = await candidate.post(`/api/candidate/attempt/challenges/${LIVE_SLUG}/gradings`, {
      kind: 'submit',
    });
    expect(submit.status).toBe(202);
    await backdate('gradings', 'created_at', submit.body.id, 10);
    await pickUp(submit.body.id);
    expect(await creditsOf(attemptId)).toEqual([]);
    expect(await deadlineOf(attemptId)).toBe(deadline);
  });

  it('credits a run still stuck in the queue before the time-out sweep closes the attempt', async () => {
    const { attemptId, candidate } = await startedAttempt();
    const run = await candidate.post(GRADINGS, { kind: 'run' });
    await backdate('gradings', 'created_at', run.body.id, 10);
    // The clock ran out a minute ago while the candidate waited for their checks.
    await t.database.db.query(`update attempts set deadline_at = now() - interval '1 minute' where id = $1`, [
      attemptId,
    ]);
    const overdue = await findAttempt(t.database.db, attemptId);
    if (!overdue?.deadlineAt) throw new Error('no deadline');
    expect(await finalizeExpiredAttempt({ db: t.database.db, queue }, overdue)).toBe(false);
    const after = await findAttempt(t.database.db, attemptId);
    expect(after?.submittedAt).toBeNull();
    expect(after?.deadlineAt?.getTime()).toBe(overdue.deadlineAt.getTime() + 11 * 60_000);
    expect(await creditsOf(attemptId)).toEqual([{ cause: 'grading_stalled', minutes: 11 }]);

    // Without a stalled run, the sweep closes an overdue attempt as before.
    const other = await startedAttempt();
    await t.database.db.query(`update attempts set deadline_at = now() - interval '1 minute' where id = $1`, [
      other.attemptId,
    ]);
    const expired = await findAttempt(t.database.db, other.attemptId);
    if (!expired) throw new Error('no attempt');
    expect(await finalizeExpiredAttempt({ db: t.database.db, queue }, expired)).toBe(true);
    expect((await findAttempt(t.database.db, other.attemptId))?.submittedAt).not.toBeNull();
  });
});
