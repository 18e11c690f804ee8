/**
 * The one place where a domain moment ("an invitation was created", "an attempt was submitted")
 * becomes what others hear of it: the email it causes (server/mail/compose.ts), the webhook event
 * (server/webhooks/events.ts) and a result owed to an ATS (server/ats/results.ts). Commands announce
 * a moment once, inside their transaction, so what is sent later was stored with the change itself
 * (a transactional outbox) and a rolled-back change sends nothing.
 */
import { recordAtsResult } from './ats/results.ts';
import type { Queryable } from './db/pool.ts';
import { mailFeedbackReady } from './feedback/mail.ts';
import { mailGraded, mailInvitation, mailSubmitted } from './mail/compose.ts';
import { recordAttemptEvent, recordGraded, recordReviewSubmitted } from './webhooks/events.ts';

export type Moment =
  | {
      kind: 'invitation.created';
      invitationId: string;
      attemptId: string;
      /** The candidate's link carries it: known only now. */
      token: string;
      publicUrl: string | undefined;
    }
  | { kind: 'attempt.started'; attemptId: string }
  /** `timedOut`: the time-out sweep submitted it, not the candidate. */
  | { kind: 'attempt.submitted'; attemptId: string; timedOut: boolean }
  /** A submission's grading was stored (or given up): the attempt may now be fully graded. */
  /** `publicUrl`: for the owner's link to the review (the worker knows it; recovery may not). */
  | { kind: 'submission.graded'; attemptId: string; publicUrl?: string | undefined }
  | { kind: 'review.submitted'; reviewId: string };

/**
 * Runs `work` inside the caller's transaction without risking it: a failure rolls back to a
 * savepoint and is written to stderr, so neither mail nor webhooks ever stop the change itself (an
 * invitation, a candidate's start or submit, a grading, a review).
 */
async function beside(db: Queryable, what: string, work: () => Promise<unknown>): Promise<void> {
  await db.query('savepoint announce');
  try {
    await work();
    await db.query('release savepoint announce');
  } catch (error) {
    await db.query('rollback to savepoint announce');
    process.stderr.write(`${what} not stored: ${error instanceof Error ? error.message : String(error)}\n`);
  }
}

/** Whether every submission of a submitted attempt has its result (graded or given up). */
async function fullyGraded(db: Queryable, attemptId: string): Promise<boolean> {
  const { rows } = await db.query<{ complete: boolean }>(
    `select t.submitted_at is not null and not exists (
       select 1 from gradings g where g.attempt_id = t.id and g.kind = 'submit' and g.status in ('queued', 'running')
     ) as complete
     from attempts t where t.id = $1`,
    [attemptId],
  );
  return rows[0]?.complete ?? false;
}

/** Announces a moment: call it inside the transaction of the change (`db` a transaction's client). */
export async function announce(db: Queryable, moment: Moment): Promise<void> {
  switch (moment.kind) {
    case 'invitation.created':
      await beside(db, 'mail', () => mailInvitation(db, moment));
      await beside(db, 'webhook', () => recordAttemptEvent(db, 'invitation.created', moment.attemptId));
      return;
    case 'attempt.started':
      await beside(db, 'webhook', () => recordAttemptEvent(db, 'attempt.started', moment.attemptId));
      return;
    case 'attempt.submitted':
      await beside(db, 'mail', () => mailSubmitted(db, moment.attemptId));
      await beside(db, 'webhook', () =>
        recordAttemptEvent(db, 'attempt.submitted', moment.attemptId, { timedOut: moment.timedOut }),
      );
      return;
    case 'submission.graded':
      if (!(await fullyGraded(db, moment.attemptId))) return;
      await beside(db, 'mail', () => mailGraded(db, moment.attemptId, moment.publicUrl));
      await beside(db, 'mail', () => mailFeedbackReady(db, moment.attemptId));
      await beside(db, 'webhook', () => recordGraded(db, moment.attemptId));
      await beside(db, 'ATS result', () => recordAtsResult(db, moment.attemptId));
      return;
    case 'review.submitted':
      await beside(db, 'webhook', () => recordReviewSubmitted(db, moment.reviewId));
      return;
  }
}
