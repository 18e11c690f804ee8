import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GRADING_QUEUE, pgBossQueue, startBoss } from '../../server/grading/queue.ts';
import { recoverStrandedGradings } from '../../server/grading/recovery.ts';
import { insertGrading } from '../../server/queries/gradings.ts';
import { recordingQueue } from '../support/app.ts';
import { createTestDatabase, type TestDatabase } from '../support/database.ts';
import { createInvitation, createOrganisation } from '../support/factories.ts';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database?.drop();
});

async function gradingAged(attemptId: string, organisationId: string, status: string, ageSeconds: number) {
  const row = await insertGrading(database.db, {
    organisationId,
    attemptId,
    challengeSlug: 'terraform-refactor',
    kind: 'run',
    files: [],
  });
  await database.db.query(
    `update gradings set status = $2, created_at = now() - make_interval(secs => $3) where id = $1`,
    [row.id, status, ageSeconds],
  );
  return row.id;
}

describe('stranded gradings', () => {
  it('are queued again after five minutes, ended as errors after an hour, and fresh or finished ones are left alone', async () => {
    const org = await createOrganisation(database.db);
    const { attemptId } = await createInvitation(database.db, org);
    const fresh = await gradingAged(attemptId, org.organisationId, 'queued', 10);
    const stuckQueued = await gradingAged(attemptId, org.organisationId, 'queued', 600);
    const stuckRunning = await gradingAged(attemptId, org.organisationId, 'running', 900);
    const finished = await gradingAged(attemptId, org.organisationId, 'done', 900);
    const ancient = await gradingAged(attemptId, org.organisationId, 'running', 7200);

    const queue = recordingQueue();
    expect(await recoverStrandedGradings(database.db, queue)).toEqual({ requeued: 2, abandoned: 1 });
    expect(queue.ids.sort()).toEqual([stuckQueued, stuckRunning].sort());
    expect(queue.ids).not.toContain(fresh);
    expect(queue.ids).not.toContain(finished);
    const { rows } = await database.db.query<{ status: string; error: string }>(
      'select status, error from gradings where id = $1',
      [ancient],
    );
    expect(rows[0]?.status).toBe('error');
    expect(rows[0]?.error).toMatch(/could not complete/);
  });
});

describe('the grading queue', () => {
  it('holds at most one live job per grading, however often it is queued', async () => {
    const boss = await startBoss(database.url);
    try {
      const queue = pgBossQueue(boss);
      await queue.enqueue('00000000-0000-4000-8000-000000000001');
      await queue.enqueue('00000000-0000-4000-8000-000000000001');
      await queue.enqueue('00000000-0000-4000-8000-000000000002');
      const { rows } = await database.db.query<{ key: string; n: number }>(
        `select singleton_key as key, count(*)::int as n from pgboss.job where name = $1 group by 1 order by 1`,
        [GRADING_QUEUE],
      );
      expect(rows).toEqual([
        { key: '00000000-0000-4000-8000-000000000001', n: 1 },
        { key: '00000000-0000-4000-8000-000000000002', n: 1 },
      ]);
    } finally {
      await boss.stop({ graceful: false, timeout: 1000 });
    }
  });
});
