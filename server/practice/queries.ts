import type { PracticeCheckRun } from '../contract/practice.ts';
import type { Queryable } from '../db/pool.ts';
import {
  endEnvironment,
  type LiveEnvironmentRow,
  releaseEnvironmentClaim,
  touchEnvironment,
} from '../queries/live-environments.ts';

/** A practice environment's record: its life, and the candidate's view of its last check. */
export interface PracticeRunRow extends LiveEnvironmentRow {
  checksRun: number;
  lastCheck: PracticeCheckRun | null;
}

const columnsOf = (p: string) => `${p}.id, ${p}.organisation_id as "organisationId",
  ${p}.attempt_id as "attemptId", ${p}.challenge_slug as "challengeSlug", ${p}.status,
  ${p}.container_id as "containerId", ${p}.ready_ms as "readyMs", ${p}.engine, ${p}.created_at as "createdAt",
  ${p}.last_active_at as "lastActiveAt", ${p}.checks_run as "checksRun", ${p}.last_check as "lastCheck"`;
const COLUMNS = columnsOf('practice_runs');

/** The practice environment starting or running for this attempt, if any. */
export async function findCurrentPractice(
  db: Queryable,
  attemptId: string,
): Promise<PracticeRunRow | undefined> {
  const { rows } = await db.query<PracticeRunRow>(
    `select ${COLUMNS} from practice_runs where attempt_id = $1 and status in ('starting', 'ready')`,
    [attemptId],
  );
  return rows[0];
}

/** The newest practice run of this attempt, running or not (its last check is shown after a reload). */
export async function findLatestPractice(
  db: Queryable,
  attemptId: string,
): Promise<PracticeRunRow | undefined> {
  const { rows } = await db.query<PracticeRunRow>(
    `select ${COLUMNS} from practice_runs where attempt_id = $1 order by created_at desc limit 1`,
    [attemptId],
  );
  return rows[0];
}

/** How many practice environments this attempt has started (a bound against endless restarts). */
export async function countPracticeRuns(db: Queryable, attemptId: string): Promise<number> {
  const { rows } = await db.query<{ count: number }>(
    'select count(*)::int as count from practice_runs where attempt_id = $1',
    [attemptId],
  );
  return rows[0]?.count ?? 0;
}

/** Claims the start of the attempt's practice environment; undefined when another request has. */
export async function claimPracticeStart(
  db: Queryable,
  input: { organisationId: string; attemptId: string; slug: string },
): Promise<PracticeRunRow | undefined> {
  const { rows } = await db.query<PracticeRunRow>(
    `insert into practice_runs (organisation_id, attempt_id, challenge_slug) values ($1, $2, $3)
     on conflict (attempt_id) where status in ('starting', 'ready') do nothing
     returning ${COLUMNS}`,
    [input.organisationId, input.attemptId, input.slug],
  );
  return rows[0];
}

export async function markPracticeReady(db: Queryable, id: string, containerId: string, readyMs: number) {
  await db.query(
    `update practice_runs set status = 'ready', container_id = $2, ready_ms = $3, last_active_at = now()
     where id = $1`,
    [id, containerId, readyMs],
  );
}

/** Ends a practice run's record; a no-op when it already ended. */
export const endPractice = (db: Queryable, id: string, status: 'failed' | 'ended', reason: string) =>
  endEnvironment(db, id, status, reason, 'practice_runs');

/** Drops a claim that never started a container (no capacity): it leaves no record. */
export const releasePracticeClaim = (db: Queryable, id: string) =>
  releaseEnvironmentClaim(db, id, 'practice_runs');

export const touchPractice = (db: Queryable, id: string) => touchEnvironment(db, id, 'practice_runs');

/** Counts a check against the run's limit; false when the limit is reached (nothing changes then). */
export async function countPracticeCheck(db: Queryable, id: string, max: number): Promise<boolean> {
  const { rowCount } = await db.query(
    `update practice_runs set checks_run = checks_run + 1, last_active_at = now()
     where id = $1 and checks_run < $2`,
    [id, max],
  );
  return rowCount === 1;
}

export async function recordPracticeCheck(db: Queryable, id: string, check: PracticeCheckRun): Promise<void> {
  await db.query('update practice_runs set last_check = $2, last_check_at = now() where id = $1', [
    id,
    JSON.stringify(check),
  ]);
}

/**
 * Practice runs to end now: their attempt started (the practice is over), or they outlived their
 * lifetime, went idle, or never finished starting.
 */
export async function listPracticeToEnd(
  db: Queryable,
  limits: { idleMinutes: number; lifetimeMinutes: number },
): Promise<(PracticeRunRow & { reason: string })[]> {
  const { rows } = await db.query<PracticeRunRow & { reason: string }>(
    `select ${columnsOf('p')}, case
       when a.started_at is not null or a.submitted_at is not null then 'the assessment started'
       when p.status = 'starting' and p.created_at < now() - interval '2 minutes' then 'it never finished starting'
       when p.created_at < now() - make_interval(mins => $2) then 'its time was up'
       else 'it was idle' end as reason
     from practice_runs p join attempts a on a.id = p.attempt_id
     where p.status in ('starting', 'ready') and (
       a.started_at is not null or a.submitted_at is not null
       or (p.status = 'starting' and p.created_at < now() - interval '2 minutes')
       or p.created_at < now() - make_interval(mins => $2)
       or (p.status = 'ready' and p.last_active_at < now() - make_interval(mins => $1)))`,
    [limits.idleMinutes, limits.lifetimeMinutes],
  );
  return rows;
}

/** Container ids of practice runs that may still run: the sweep removes any other it finds. */
export async function listPracticeContainerIds(db: Queryable): Promise<Set<string>> {
  const { rows } = await db.query<{ containerId: string }>(
    `select container_id as "containerId" from practice_runs
     where status in ('starting', 'ready') and container_id is not null`,
  );
  return new Set(rows.map((r) => r.containerId));
}
