import { describe, expect, it } from 'vitest';
import { finalizeOverdueAttempts } from '../../server/commands/finalize-expired.ts';
import { replaceAttemptFiles } from '../../server/queries/files.ts';
import { recordingQueue, setUpTestApp } from '../support/app.ts';
import { createInvitation, createOrganisation, PASSWORD } from '../support/factories.ts';

const queue = recordingQueue();
const t = setUpTestApp(queue);
const SLUGS = ['terraform-refactor', 'alert-rules'];

/** A started attempt whose deadline is `minutesAgo` in the past (negative: still running). */
async function attemptDue(minutesAgo: number) {
  const org = await createOrganisation(t.database.db, SLUGS);
  const invitation = await createInvitation(t.database.db, org);
  await t.database.db.query(
    `update attempts set started_at = now() - interval '2 hours',
       deadline_at = now() - make_interval(mins => $2) where id = $1`,
    [invitation.attemptId, minutesAgo],
  );
  await replaceAttemptFiles(t.database.db, invitation.attemptId, 'terraform-refactor', [
    { path: 'main.tf', content: '# saved before the clock ran out\n' },
  ]);
  return { ...invitation, org };
}

const submissions = async (attemptId: string) =>
  (
    await t.database.db.query<{ slug: string; files: { path: string; content: string }[] }>(
      `select challenge_slug as slug, files from gradings where attempt_id = $1 and kind = 'submit'
       order by challenge_slug`,
      [attemptId],
    )
  ).rows;

const noReport = (attemptId: string, error: unknown) => {
  throw new Error(`the sweep failed on ${attemptId}: ${String(error)}`);
};

describe('the time-out sweep', () => {
  it('submits what an overdue attempt saved, though nobody opened it, once', async () => {
    const overdue = await attemptDue(10);
    const running = await attemptDue(-10);
    // Inside the grace period a save already on its way may still land: not swept yet.
    const justDue = await attemptDue(0);

    expect(await finalizeOverdueAttempts({ db: t.database.db, queue }, noReport)).toBe(1);
    const submitted = await submissions(overdue.attemptId);
    expect(submitted.map((s) => s.slug)).toEqual(['alert-rules', 'terraform-refactor']);
    expect(submitted.find((s) => s.slug === 'terraform-refactor')?.files).toEqual([
      { path: 'main.tf', content: '# saved before the clock ran out\n' },
    ]);
    const { rows } = await t.database.db.query<{ submittedAt: Date | null }>(
      'select submitted_at as "submittedAt" from attempts where id = $1',
      [overdue.attemptId],
    );
    expect(rows[0]?.submittedAt).toBeInstanceOf(Date);
    expect(await submissions(running.attemptId)).toEqual([]);
    expect(await submissions(justDue.attemptId)).toEqual([]);

    const queued = queue.ids.length;
    expect(await finalizeOverdueAttempts({ db: t.database.db, queue }, noReport)).toBe(0);
    expect(queue.ids.length).toBe(queued);
  });

  it('leaves reads to read: the candidate, the list, the review and the comparison submit nothing', async () => {
    const overdue = await attemptDue(10);
    const manager = t.app.client();
    const login = await manager.post('/api/staff/sign-in', {
      email: overdue.org.manager.email,
      password: PASSWORD,
    });
    expect(login.status).toBe(200);
    const candidate = t.app.client();
    expect((await candidate.post('/api/candidate/enter', { token: overdue.token })).status).toBe(204);

    const view = await candidate.get('/api/candidate/attempt');
    expect(view.status).toBe(200);
    expect(view.body.status).toBe('expired');
    const assessment = overdue.org.assessmentId;
    for (const url of [
      `/api/staff/assessments/${assessment}/attempts`,
      `/api/staff/attempts/${overdue.attemptId}`,
      `/api/staff/assessments/${assessment}/comparison`,
    ]) {
      expect((await manager.get(url)).status, url).toBe(200);
    }
    expect(await submissions(overdue.attemptId)).toEqual([]);
  });
});
