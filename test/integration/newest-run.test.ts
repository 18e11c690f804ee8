import { describe, expect, it } from 'vitest';
import { requestGrading } from '../../server/commands/request-grading.ts';
import { transaction } from '../../server/db/pool.ts';
import { gradeJob } from '../../server/grading/worker.ts';
import { insertGrading, markGradingRunning, supersedeQueuedRuns } from '../../server/queries/gradings.ts';
import { recordingQueue, setUpTestApp } from '../support/app.ts';
import { createInvitation, createOrganisation } from '../support/factories.ts';

const queue = recordingQueue();
const t = setUpTestApp(queue);
const SLUG = 'terraform-refactor';
const GRADINGS = `/api/candidate/attempt/challenges/${SLUG}/gradings`;

async function startedCandidate() {
  const org = await createOrganisation(t.database.db, [SLUG, 'alert-rules']);
  const invitation = await createInvitation(t.database.db, org);
  const client = t.app.client();
  await client.post('/api/candidate/enter', { token: invitation.token });
  await client.post('/api/candidate/attempt/start');
  return { client, attemptId: invitation.attemptId };
}

const statusOf = async (id: string) =>
  (await t.database.db.query<{ status: string }>('select status from gradings where id = $1', [id])).rows[0]
    ?.status;

/** The worker's dependencies without a sandbox: enough for a grading it skips or cannot grade. */
const workerDeps = () =>
  ({ db: t.database.db, catalogue: t.app.deps.catalogue }) as Parameters<typeof gradeJob>[0];

/** Resolves once some other session of the test database waits on a row lock. */
async function someoneWaitsOnALock() {
  await expect
    .poll(
      async () =>
        (
          await t.database.db.query<{ n: number }>(
            `select count(*)::int as n from pg_stat_activity
             where datname = current_database() and wait_event_type = 'Lock'`,
          )
        ).rows[0]?.n,
      { timeout: 10_000 },
    )
    .toBeGreaterThan(0);
}

describe('only the newest check run is graded', () => {
  it('replaces a run no worker has started, says so and by which, and the worker then skips it', async () => {
    const { client } = await startedCandidate();
    const first = await client.post(GRADINGS, { kind: 'run' });
    expect(first.status).toBe(202);
    expect(first.body.replacedRuns).toBe(0);
    expect(first.body.replacedBy).toBeNull();
    const second = await client.post(GRADINGS, { kind: 'run' });
    expect(second.body.replacedRuns).toBe(1);
    expect(await statusOf(first.body.id)).toBe('superseded');
    expect(await statusOf(second.body.id)).toBe('queued');
    // The page waiting on the old run learns which run replaced it, and follows that one.
    const seen = await client.get(`/api/candidate/attempt/gradings/${first.body.id}`);
    expect(seen.body).toMatchObject({ status: 'superseded', replacedBy: second.body.id, score: null });
    // A reload shows the newest run, never the replaced one.
    const attempt = await client.get('/api/candidate/attempt');
    const challenge = attempt.body.challenges.find((c: { slug: string }) => c.slug === SLUG);
    expect(challenge.latestGrading.id).toBe(second.body.id);

    // Its job is still on the queue: the worker finds it replaced and grades nothing.
    expect(await gradeJob(workerDeps(), { gradingId: first.body.id, jobId: 'job-1', retryCount: 0 })).toBe(
      false,
    );
    expect(await statusOf(first.body.id)).toBe('superseded');
  });

  it('never replaces a run already being graded, another challenge’s run, or a submission', async () => {
    const { client } = await startedCandidate();
    const running = await client.post(GRADINGS, { kind: 'run' });
    await t.database.db.query(`update gradings set status = 'running' where id = $1`, [running.body.id]);
    const other = await client.post('/api/candidate/attempt/challenges/alert-rules/gradings', {
      kind: 'run',
    });
    const queued = await client.post(GRADINGS, { kind: 'run' });
    expect(queued.body.replacedRuns).toBe(0);
    expect(await statusOf(running.body.id)).toBe('running');

    // The submission replaces the challenge's waiting run (moot once submitted), not the one being
    // graded, nor another challenge's; and nothing replaces the submission.
    const submit = await client.post(GRADINGS, { kind: 'submit' });
    expect(submit.body.replacedRuns).toBe(1);
    expect(await statusOf(queued.body.id)).toBe('superseded');
    const replaced = await client.get(`/api/candidate/attempt/gradings/${queued.body.id}`);
    expect(replaced.body.replacedBy).toBe(submit.body.id);
    expect(await statusOf(running.body.id)).toBe('running');
    expect(await statusOf(other.body.id)).toBe('queued');
    const after = await client.post(GRADINGS, { kind: 'run' });
    expect(after.status).toBe(409);
    expect(await statusOf(submit.body.id)).toBe('queued');
  });

  it('keeps one run waiting however many Run checks arrive at once', async () => {
    const { attemptId } = await startedCandidate();
    const deps = { db: t.database.db, queue };
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => requestGrading(deps, attemptId, SLUG, 'run')),
    );
    const { rows } = await t.database.db.query<{ id: string; status: string; supersededBy: string | null }>(
      `select id, status, superseded_by as "supersededBy" from gradings
       where attempt_id = $1 and challenge_slug = $2 order by created_at, id`,
      [attemptId, SLUG],
    );
    expect(rows).toHaveLength(8);
    expect(rows.filter((r) => r.status === 'queued')).toHaveLength(1);
    expect(rows.filter((r) => r.status === 'superseded')).toHaveLength(7);
    // One after the other under the attempt's lock: each request replaced exactly its predecessor.
    expect(answers.map((a) => a.replacedRuns).sort()).toEqual([0, 1, 1, 1, 1, 1, 1, 1]);
    const ids = new Set(rows.map((r) => r.id));
    for (const row of rows.filter((r) => r.status === 'superseded'))
      expect(ids.has(row.supersededBy!)).toBe(true);
  });

  it('a worker taking the run first keeps it: the newer run replaces nothing', async () => {
    const { attemptId } = await startedCandidate();
    const deps = { db: t.database.db, queue };
    const old = await requestGrading(deps, attemptId, SLUG, 'run');
    // The worker has marked the run running but not committed when Run checks arrives.
    let request: ReturnType<typeof requestGrading> | undefined;
    await transaction(t.database.db, async (worker) => {
      expect(await markGradingRunning(worker, old.id)).toBe(true);
      request = requestGrading(deps, attemptId, SLUG, 'run');
      await someoneWaitsOnALock();
    });
    const newer = await request!;
    expect(newer.replacedRuns).toBe(0);
    expect(await statusOf(old.id)).toBe('running');
    expect(await statusOf(newer.id)).toBe('queued');
  });

  it('a run replaced first is not graded by a worker that reaches it a moment later', async () => {
    const { attemptId } = await startedCandidate();
    const deps = { db: t.database.db, queue };
    const old = await requestGrading(deps, attemptId, SLUG, 'run');
    // Run checks has replaced the run but not committed when a worker picks up its job.
    let worker: Promise<boolean> | undefined;
    const newerId = crypto.randomUUID();
    await transaction(t.database.db, async (request) => {
      const attempt = await request.query<{ organisationId: string }>(
        `select organisation_id as "organisationId" from attempts where id = $1 for update`,
        [attemptId],
      );
      expect(await supersedeQueuedRuns(request, { attemptId, challengeSlug: SLUG, newerId })).toBe(1);
      await insertGrading(request, {
        id: newerId,
        organisationId: attempt.rows[0]!.organisationId,
        attemptId,
        challengeSlug: SLUG,
        kind: 'run',
        files: [],
      });
      worker = gradeJob(workerDeps(), { gradingId: old.id, jobId: 'job-2', retryCount: 0 });
      await someoneWaitsOnALock();
    });
    expect(await worker).toBe(false);
    expect(await statusOf(old.id)).toBe('superseded');
    expect(await statusOf(newerId)).toBe('queued');
  });

  it('a stalled wait is credited from the first run pressed, not from the run that replaced it', async () => {
    const { attemptId } = await startedCandidate();
    const deps = { db: t.database.db, queue };
    const first = await requestGrading(deps, attemptId, SLUG, 'run');
    await t.database.db.query(`update gradings set created_at = now() - interval '5 minutes' where id = $1`, [
      first.id,
    ]);
    const second = await requestGrading(deps, attemptId, SLUG, 'run');
    const third = await requestGrading(deps, attemptId, SLUG, 'run');
    expect(third.replacedRuns).toBe(1);
    // A catalogue without the challenge: the worker credits the wait, then records a grader error.
    const noChallenges = { db: t.database.db, catalogue: { challenges: new Map() } } as unknown as Parameters<
      typeof gradeJob
    >[0];
    await gradeJob(noChallenges, { gradingId: third.id, jobId: 'job-3', retryCount: 0 });
    const { rows } = await t.database.db.query<{ incident: string; minutes: number }>(
      `select incident_id as incident, minutes from time_credits where attempt_id = $1`,
      [attemptId],
    );
    expect(rows).toEqual([{ incident: third.id, minutes: expect.any(Number) }]);
    expect(rows[0]!.minutes).toBeGreaterThanOrEqual(5);
    expect(await statusOf(second.id)).toBe('superseded');
  });
});
