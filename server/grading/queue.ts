import { PgBoss } from 'pg-boss';
import type { Queryable } from '../db/pool.ts';
import type { GradingQueue } from '../deps.ts';

// 'exclusive': at most one job per grading (its singleton key) is queued, retrying or active, so
// queuing a grading again (recovery.ts) never runs it twice at once.
export const GRADING_QUEUE = 'gradings';

/**
 * The queue of a live challenge's gradings whose environment runs on this engine: only a worker that
 * reaches that engine takes them (LIVE_DOCKER_HOSTS, #19).
 */
export const liveGradingQueue = (engine: string): string => `${GRADING_QUEUE}.live.${engine}`;

/** The engine a grading's live environment runs on, if it has one running; null for every other grading. */
export async function liveEngineOfGrading(db: Queryable, gradingId: string): Promise<string | null> {
  const { rows } = await db.query<{ engine: string }>(
    `select e.engine from gradings g
     join live_environments e on e.attempt_id = g.attempt_id and e.challenge_slug = g.challenge_slug
       and e.status = 'ready'
     where g.id = $1`,
    [gradingId],
  );
  return rows[0]?.engine ?? null;
}

/** Makes sure a queue exists, once per process and name (pg-boss's createQueue is idempotent). */
export async function ensureQueue(boss: PgBoss, name: string, created = new Set<string>()): Promise<void> {
  if (created.has(name)) return;
  await boss.createQueue(name, QUEUE_OPTIONS);
  created.add(name);
}

/** How the grading queue behaves; retries are for infrastructure faults, never for a candidate's fail. */
const QUEUE_OPTIONS = {
  // A grading takes seconds; past this, pg-boss hands the job to another worker (at least once).
  expireInSeconds: 180,
  retryLimit: 3,
  retryDelay: 2,
  retryBackoff: true,
  retryDelayMax: 60,
  // A worker that dies (kill -9, a lost host) stops its heartbeat; its job is retried elsewhere within ~20 s.
  heartbeatSeconds: 10,
  notify: true,
  policy: 'exclusive',
} as const;

/** Starts pg-boss in its own schema of the platform's database and makes sure the queue exists. */
export async function startBoss(connectionString: string): Promise<PgBoss> {
  const boss = new PgBoss({
    connectionString,
    schema: 'pgboss',
    max: 5,
    // Wake workers the moment a grading is queued instead of at their next poll.
    useListenNotify: true,
    // How often stale heartbeats and expired jobs are found (the default is a minute).
    superviseIntervalSeconds: 5,
    monitorIntervalSeconds: 5,
    // Workers read the backlog from this cache to decide to fetch back to back (see worker.ts).
    queueCacheIntervalSeconds: 2,
  });
  boss.on('error', (error: Error) => process.stderr.write(`queue: ${error.message}\n`));
  await boss.start();
  await boss.createQueue(GRADING_QUEUE, QUEUE_OPTIONS);
  return boss;
}

/**
 * Sends gradings to the workers. With `db`, a live challenge's grading goes to its environment's
 * engine's queue (liveGradingQueue); everything else, and every grading without `db`, to the one
 * grading queue, whose workers use the first engine.
 */
export function pgBossQueue(boss: PgBoss, options: { db?: Queryable } = {}): GradingQueue {
  const created = new Set<string>([GRADING_QUEUE]);
  return {
    async enqueue(gradingId, context = {}) {
      const engine = options.db ? await liveEngineOfGrading(options.db, gradingId) : null;
      const queue = engine ? liveGradingQueue(engine) : GRADING_QUEUE;
      await ensureQueue(boss, queue, created);
      // The job carries the options too, so a queue created by an older version behaves the same.
      const { notify: _notify, policy: _policy, ...jobOptions } = QUEUE_OPTIONS;
      await boss.send(queue, { gradingId, ...context }, { ...jobOptions, singletonKey: gradingId });
    },
  };
}

export const RETRY_LIMIT = QUEUE_OPTIONS.retryLimit;
