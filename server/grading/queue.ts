import { PgBoss } from 'pg-boss';
import type { GradingQueue } from '../deps.ts';

// 'exclusive': at most one job per grading (its singleton key) is queued, retrying or active, so
// queuing a grading again (recovery.ts) never runs it twice at once.
export const GRADING_QUEUE = 'gradings';

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

export function pgBossQueue(boss: PgBoss): GradingQueue {
  return {
    async enqueue(gradingId, context = {}) {
      // The job carries the options too, so a queue created by an older version behaves the same.
      const { notify: _notify, policy: _policy, ...jobOptions } = QUEUE_OPTIONS;
      await boss.send(GRADING_QUEUE, { gradingId, ...context }, { ...jobOptions, singletonKey: gradingId });
    },
  };
}

export const RETRY_LIMIT = QUEUE_OPTIONS.retryLimit;
