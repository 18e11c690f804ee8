import { PgBoss } from 'pg-boss';
import type { GradingQueue } from '../deps.ts';

export const GRADING_QUEUE = 'grading';

/** How the grading queue behaves; retries are for infrastructure faults, never for a candidate's fail. */
const QUEUE_OPTIONS = {
  // A grading takes seconds; past this, pg-boss hands the job to another worker (at least once).
  expireInSeconds: 180,
  retryLimit: 3,
  retryDelay: 2,
  retryBackoff: true,
  retryDelayMax: 60,
  notify: true,
} as const;

/** Starts pg-boss in its own schema of the platform's database and makes sure the queue exists. */
export async function startBoss(connectionString: string): Promise<PgBoss> {
  const boss = new PgBoss({ connectionString, schema: 'pgboss', max: 5 });
  boss.on('error', (error: Error) => process.stderr.write(`queue: ${error.message}\n`));
  await boss.start();
  await boss.createQueue(GRADING_QUEUE, QUEUE_OPTIONS);
  return boss;
}

export function pgBossQueue(boss: PgBoss): GradingQueue {
  return {
    async enqueue(gradingId) {
      await boss.send(GRADING_QUEUE, { gradingId }, { singletonKey: gradingId });
    },
  };
}

export const RETRY_LIMIT = QUEUE_OPTIONS.retryLimit;
