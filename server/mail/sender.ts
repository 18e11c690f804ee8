import nodemailer from 'nodemailer';
import type { PgBoss } from 'pg-boss';
import type { Config } from '../config.ts';
import type { Db } from '../db/pool.ts';
import type { LogLine } from '../logging.ts';
import { remindExpiringInvitations } from './compose.ts';
import { findOutboxMessage, holdQueued, markAttemptFailed, markSent, takeUnsent } from './outbox.ts';

export const MAIL_QUEUE = 'mail';

/** A mail server outage delays mail: about 20 tries over a day and a half, then the message fails. */
const MAIL_RETRY = { retryLimit: 20, retryDelay: 5, retryBackoff: true, retryDelayMax: 3600 } as const;

export interface MailerOptions {
  config: Pick<Config, 'SMTP_URL' | 'SMTP_FROM'>;
  db: Db;
  boss: PgBoss;
  log?: LogLine;
  /** How often the outbox and the expiring invitations are looked at. */
  pumpMs?: number;
  /** First retry delay in seconds (tests shorten it). */
  retryDelaySeconds?: number;
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Runs the mail side of one API server: a pump that hands queued outbox messages to pg-boss jobs
 * (or holds them when no SMTP_URL is set), the reminder sweep, and the worker that sends each
 * message and marks it sent. Returns the pump (to run once at once) and a stop function.
 */
export async function startMailer(options: MailerOptions) {
  const { config, db, boss } = options;
  const log = options.log ?? (() => {});
  const retry = { ...MAIL_RETRY, retryDelay: options.retryDelaySeconds ?? MAIL_RETRY.retryDelay };
  await boss.createQueue(MAIL_QUEUE, { ...retry, expireInSeconds: 120, policy: 'exclusive' });
  const transport = config.SMTP_URL ? nodemailer.createTransport(config.SMTP_URL) : undefined;
  const defaultFrom = config.SMTP_FROM ?? 'gauntlet@localhost';

  if (transport) {
    await boss.work<{ outboxId: string }>(MAIL_QUEUE, { pollingIntervalSeconds: 0.5 }, async ([job]) => {
      if (!job) return;
      const mail = await findOutboxMessage(db, job.data.outboxId);
      if (mail?.status !== 'queued') return;
      try {
        await transport.sendMail({
          from: mail.mailFrom ?? defaultFrom,
          to: mail.recipient,
          subject: mail.subject,
          text: mail.text,
          html: mail.html,
          messageId: `<${mail.id}@gauntlet>`,
        });
      } catch (error) {
        const final = job.retryCount >= retry.retryLimit;
        await markAttemptFailed(db, mail.id, message(error), final);
        log(`mail ${mail.id} to ${mail.recipient} not sent (try ${job.retryCount + 1}): ${message(error)}`);
        throw error;
      }
      await markSent(db, mail.id);
    });
  }

  const pump = async (): Promise<void> => {
    await remindExpiringInvitations(db);
    if (!transport) {
      await holdQueued(db);
      return;
    }
    // A job lost with the queue is handed out again once its retries would all be over.
    for (const outboxId of await takeUnsent(db, 36 * 3600, 100)) {
      await boss.send(MAIL_QUEUE, { outboxId }, { ...retry, singletonKey: outboxId });
    }
  };
  const timer = setInterval(() => {
    pump().catch((error: unknown) => log(`mail pump failed: ${message(error)}`));
  }, options.pumpMs ?? 5_000);
  timer.unref();
  return {
    pump,
    async stop() {
      clearInterval(timer);
      if (transport) await boss.offWork(MAIL_QUEUE);
      transport?.close();
    },
  };
}
