/**
 * Delivers webhooks: a pump leases due deliveries and hands each to a pg-boss job; the job makes
 * one signed try and, when it fails, schedules the next one with exponential backoff and jitter,
 * never past the delivery's window (24 hours from the event), after which it has failed.
 *
 * Retries are scheduled here (next_attempt_at), not with pg-boss's retryLimit/retryBackoff: those
 * count tries, so the window would be a sum of delays, not the 24 hours promised; and the window is
 * then measured on the clock given here, which tests move instead of waiting a day.
 */
import type { PgBoss } from 'pg-boss';
import type { Config } from '../config.ts';
import { secretsKeyOf } from '../config.ts';
import type { Db } from '../db/pool.ts';
import type { LogLine } from '../logging.ts';
import { createSecretBox } from '../security/secrets.ts';
import { markDelivered, markTryFailed, startTry, takeDue } from './deliveries.ts';
import { webhookBody } from './payload.ts';
import { sendSigned } from './send.ts';

export const WEBHOOK_QUEUE = 'webhooks';

/** The delay before try n+1 after n failed tries: base × 2^(n-1), at most an hour, ±20 % jitter. */
export function backoffMs(failedTries: number, baseMs: number, random = Math.random): number {
  const plain = Math.min(baseMs * 2 ** Math.max(0, failedTries - 1), 3600_000);
  return Math.round(plain * (0.8 + 0.4 * random()));
}

/** When the next try is due, or null when the window is over (the delivery has failed). */
export function nextTryAt(now: Date, failedTries: number, giveUpAt: Date, baseMs: number): Date | null {
  if (now.getTime() >= giveUpAt.getTime()) return null;
  return new Date(Math.min(now.getTime() + backoffMs(failedTries, baseMs), giveUpAt.getTime()));
}

export interface WebhookDispatcherOptions {
  config: Pick<Config, 'SECRETS_KEY' | 'SESSION_SECRET' | 'PUBLIC_URL' | 'WEBHOOK_ALLOW_PRIVATE_TARGETS'>;
  db: Db;
  boss: PgBoss;
  log?: LogLine;
  /** The clock the window and the backoff are measured on (tests move it). */
  now?: () => Date;
  /** How often due deliveries are looked for. */
  pumpMs?: number;
  /** The first retry's delay (tests shorten it). */
  retryBaseMs?: number;
  /** How long a receiver has to answer. */
  timeoutMs?: number;
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** Runs webhook delivery in this process; returns the pump (to run at once) and a stop function. */
export async function startWebhookDispatcher(options: WebhookDispatcherOptions) {
  const { config, db, boss } = options;
  const log = options.log ?? (() => {});
  const now = options.now ?? (() => new Date());
  const baseMs = options.retryBaseMs ?? 5_000;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const box = createSecretBox(secretsKeyOf(config as Config));
  // No pg-boss retries: a try that throws is a bug, and the lease hands the delivery out again.
  await boss.createQueue(WEBHOOK_QUEUE, { retryLimit: 0, expireInSeconds: 60 });

  const deliver = async (lease: { deliveryId: string; leaseId: string }) => {
    const attempt = await startTry(db, lease, now());
    if (!attempt) return;
    const outcome = await sendSigned(
      {
        url: attempt.url,
        secret: box.open(attempt.secretSealed, `webhook:${attempt.endpointId}`),
        eventId: attempt.eventId,
        body: webhookBody(attempt, config.PUBLIC_URL),
        // The wall clock, never the scheduling one: receivers refuse a timestamp minutes off theirs.
        timestamp: new Date(),
      },
      { timeoutMs, allowPrivate: config.WEBHOOK_ALLOW_PRIVATE_TARGETS },
    );
    const at = now();
    if (outcome.ok) return markDelivered(db, attempt.id, outcome, at);
    const next = nextTryAt(at, attempt.attempts, attempt.giveUpAt, baseMs);
    await markTryFailed(db, attempt.id, outcome, next);
    log(
      `webhook ${attempt.type} ${attempt.eventId} to ${attempt.url} failed (try ${attempt.attempts}): ${outcome.error}`,
    );
  };

  await boss.work<{ deliveryId: string; leaseId: string }>(
    WEBHOOK_QUEUE,
    { pollingIntervalSeconds: 0.5, batchSize: 4 },
    async (jobs) => {
      await Promise.all(jobs.map((job) => deliver(job.data)));
    },
  );

  const pump = async (): Promise<number> => {
    const due = await takeDue(db, now(), 200);
    for (const lease of due) await boss.send(WEBHOOK_QUEUE, lease, { retryLimit: 0, expireInSeconds: 60 });
    return due.length;
  };
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    pump()
      .catch((error: unknown) => log(`webhook pump failed: ${message(error)}`))
      .finally(() => {
        running = false;
      });
  }, options.pumpMs ?? 2_000);
  timer.unref();
  return {
    pump,
    async stop() {
      clearInterval(timer);
      await boss.offWork(WEBHOOK_QUEUE);
    },
  };
}
