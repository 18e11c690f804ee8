import { describe, expect, it } from 'vitest';
import { gradeJob } from '../../server/grading/worker.ts';
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

describe('only the newest check run is graded', () => {
  it('replaces a run no worker has started, says so, and the worker then skips it', async () => {
    const { client } = await startedCandidate();
    const first = await client.post(GRADINGS, { kind: 'run' });
    expect(first.status).toBe(202);
    expect(first.body.replacedRuns).toBe(0);
    const second = await client.post(GRADINGS, { kind: 'run' });
    expect(second.body.replacedRuns).toBe(1);
    expect(await statusOf(first.body.id)).toBe('superseded');
    expect(await statusOf(second.body.id)).toBe('queued');
    const seen = await client.get(`/api/candidate/attempt/gradings/${first.body.id}`);
    expect(seen.body.status).toBe('superseded');

    // Its job is still on the queue: the worker finds it replaced and grades nothing.
    const deps = { db: t.database.db, catalogue: t.app.deps.catalogue } as Parameters<typeof gradeJob>[0];
    expect(await gradeJob(deps, { gradingId: first.body.id, jobId: 'job-1', retryCount: 0 })).toBe(false);
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

    // A submission replaces nothing, and is never replaced.
    const submit = await client.post(GRADINGS, { kind: 'submit' });
    expect(submit.body.replacedRuns).toBe(0);
    expect(await statusOf(queued.body.id)).toBe('queued');
    expect(await statusOf(other.body.id)).toBe('queued');
    const after = await client.post(GRADINGS, { kind: 'run' });
    expect(after.status).toBe(409);
    expect(await statusOf(submit.body.id)).toBe('queued');
  });
});
