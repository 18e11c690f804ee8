import type { Queryable } from '../db/pool.ts';

export interface LiveEnvironmentRow {
  id: string;
  organisationId: string;
  attemptId: string;
  challengeSlug: string;
  status: 'starting' | 'ready' | 'failed' | 'ended';
  containerId: string | null;
  readyMs: number | null;
  /** The Docker engine it runs on (a LIVE_DOCKER_HOSTS name; `local` by default). */
  engine: string;
  createdAt: Date;
  lastActiveAt: Date;
}

const columnsOf = (
  e: string,
) => `${e}.id, ${e}.organisation_id as "organisationId", ${e}.attempt_id as "attemptId",
  ${e}.challenge_slug as "challengeSlug", ${e}.status, ${e}.container_id as "containerId", ${e}.ready_ms as "readyMs",
  ${e}.engine, ${e}.created_at as "createdAt", ${e}.last_active_at as "lastActiveAt"`;
const COLUMNS = columnsOf('live_environments');

/** The environment starting or running for this attempt and challenge, if any. */
export async function findCurrentEnvironment(
  db: Queryable,
  attemptId: string,
  slug: string,
): Promise<LiveEnvironmentRow | undefined> {
  const { rows } = await db.query<LiveEnvironmentRow>(
    `select ${COLUMNS} from live_environments
     where attempt_id = $1 and challenge_slug = $2 and status in ('starting', 'ready')`,
    [attemptId, slug],
  );
  return rows[0];
}

/** Claims the start of an environment; undefined when another request already claimed it. */
export async function claimEnvironmentStart(
  db: Queryable,
  input: { organisationId: string; attemptId: string; slug: string },
): Promise<LiveEnvironmentRow | undefined> {
  const { rows } = await db.query<LiveEnvironmentRow>(
    `insert into live_environments (organisation_id, attempt_id, challenge_slug) values ($1, $2, $3)
     on conflict (attempt_id, challenge_slug) where status in ('starting', 'ready') do nothing
     returning ${COLUMNS}`,
    [input.organisationId, input.attemptId, input.slug],
  );
  return rows[0];
}

export async function markEnvironmentReady(
  db: Queryable,
  id: string,
  started: { containerId: string; readyMs: number; engine: string },
) {
  await db.query(
    `update live_environments set status = 'ready', container_id = $2, ready_ms = $3, engine = $4,
       ready_at = now(), last_active_at = now() where id = $1`,
    [id, started.containerId, started.readyMs, started.engine],
  );
}

/**
 * The tables that keep an environment's life with the same lifecycle columns: the assessments'
 * environments, and the practice's (kept apart so practice is never counted).
 */
export type EnvironmentTable = 'live_environments' | 'practice_runs';

/** Ends an environment's record (failed to start, stopped, lost); a no-op when it already ended. */
export async function endEnvironment(
  db: Queryable,
  id: string,
  status: 'failed' | 'ended',
  reason: string,
  table: EnvironmentTable = 'live_environments',
): Promise<void> {
  await db.query(
    `update ${table} set status = $2, end_reason = $3, ended_at = now()
     where id = $1 and status in ('starting', 'ready')`,
    [id, status, reason.slice(0, 500)],
  );
}

/** Drops a start claim that never started a container (no capacity): it leaves no record. */
export async function releaseEnvironmentClaim(
  db: Queryable,
  id: string,
  table: EnvironmentTable = 'live_environments',
): Promise<void> {
  await db.query(`delete from ${table} where id = $1 and status = 'starting'`, [id]);
}

export async function touchEnvironment(
  db: Queryable,
  id: string,
  table: EnvironmentTable = 'live_environments',
): Promise<void> {
  await db.query(`update ${table} set last_active_at = now() where id = $1`, [id]);
}

/**
 * Open environments that must stop, with why: their attempt was submitted or ran out of time, their
 * challenge was submitted, nobody used them for `idleMinutes` (stretched by the attempt's
 * accommodation: accommodations.time_factor), or a start that never finished.
 */
export async function listEnvironmentsToEnd(db: Queryable, idleMinutes: number) {
  // The reason is derived once; an environment with none keeps running.
  const { rows } = await db.query<LiveEnvironmentRow & { reason: string }>(
    `select ${columnsOf('e')}, why.reason
     from live_environments e join attempts t on t.id = e.attempt_id
     left join accommodations c on c.attempt_id = e.attempt_id
     cross join lateral (select ceil($1::int * coalesce(c.time_factor, 1))::int as minutes) idle
     cross join lateral (select case
         when t.submitted_at is not null then 'the attempt was submitted'
         when t.deadline_at <= now() then 'the attempt''s time ran out'
         when exists (select 1 from gradings g where g.attempt_id = e.attempt_id
                        and g.challenge_slug = e.challenge_slug and g.kind = 'submit' and g.status in ('done', 'error'))
           then 'the challenge was submitted'
         when e.status = 'starting' and e.created_at < now() - interval '5 minutes' then 'it never finished starting'
         when e.status = 'ready' and e.last_active_at < now() - make_interval(mins => idle.minutes)
           then 'nobody used it for ' || idle.minutes || ' minutes'
       end as reason) why
     where e.status in ('starting', 'ready') and why.reason is not null`,
    [idleMinutes],
  );
  return rows;
}

/** Container ids of every environment recorded as running, to tell orphans from the living. */
export async function listRunningContainerIds(db: Queryable): Promise<Set<string>> {
  const { rows } = await db.query<{ containerId: string }>(
    `select container_id as "containerId" from live_environments where status = 'ready' and container_id is not null`,
  );
  return new Set(rows.map((r) => r.containerId));
}
