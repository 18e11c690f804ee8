import { TIME_CREDIT_REASONS, type TimeCreditCause } from '../contract/accommodations.ts';
import { type Db, transaction } from '../db/pool.ts';
import { insertTimeCredit, moveAttemptDeadline } from '../queries/accommodations.ts';
import { findAttempt } from '../queries/attempts.ts';
import { insertAuditEntry } from '../queries/audit.ts';
import { appendEventRows, lockLogHead } from '../queries/events.ts';
import { findInterviewOfAttempt } from '../queries/interviews.ts';

export interface PlatformIncident {
  attemptId: string;
  /** The challenge the candidate was working on when it happened (where the replay marks it). */
  challengeSlug: string;
  cause: TimeCreditCause;
  /** What failed (the live environment's or the grading's id): one credit per incident. */
  incidentId: string;
  minutes: number;
  /**
   * A credit of the same cause this recent already covers this one: a failure retried at once (the
   * page tries a failed start again within seconds) is one outage, not several.
   */
  coveredWithinMinutes?: number;
}

/** What a credit did: the minutes given and how far the deadline actually moved. */
export interface CreditResult {
  minutes: number;
  appliedMinutes: number;
  deadlineAt: Date;
}

/**
 * Gives a candidate back the time a platform fault took: the deadline moves by `minutes` (an
 * interview's never past its slot's end), at most once per incident however often the fault is
 * seen, audited with the platform as the actor, and marked in the replay. A submitted or
 * not-started attempt gets nothing (undefined), as does an incident already credited.
 */
export async function creditPlatformTime(
  db: Db,
  incident: PlatformIncident,
): Promise<CreditResult | undefined> {
  return transaction(db, async (client) => {
    await client.query('select 1 from attempts where id = $1 for update', [incident.attemptId]);
    const attempt = await findAttempt(client, incident.attemptId);
    if (!attempt?.deadlineAt || attempt.submittedAt) return undefined;
    if (incident.coveredWithinMinutes) {
      const recent = await client.query(
        `select 1 from time_credits where attempt_id = $1 and cause = $2
           and created_at > now() - make_interval(mins => $3)`,
        [attempt.id, incident.cause, incident.coveredWithinMinutes],
      );
      if (recent.rowCount) return undefined;
    }
    const before = attempt.deadlineAt;
    // An interview's slot is the team's booked time: nothing runs past its end, credit or not.
    const slotEnd = (await findInterviewOfAttempt(client, attempt.id))?.endsAt.getTime() ?? Infinity;
    const deadlineAt = new Date(
      Math.max(before.getTime(), Math.min(before.getTime() + incident.minutes * 60_000, slotEnd)),
    );
    const credited = await insertTimeCredit(client, {
      organisationId: attempt.organisationId,
      attemptId: attempt.id,
      cause: incident.cause,
      incidentId: incident.incidentId,
      minutes: incident.minutes,
      deadlineBefore: before,
      deadlineAfter: deadlineAt,
    });
    if (!credited) return undefined;
    await moveAttemptDeadline(client, attempt.id, deadlineAt);
    const appliedMinutes = Math.round((deadlineAt.getTime() - before.getTime()) / 60_000);
    await insertAuditEntry(client, {
      organisationId: attempt.organisationId,
      actorId: null,
      actorEmail: null,
      action: 'attempt.time_credit',
      targetType: 'attempt',
      targetId: attempt.id,
      details: {
        actor: 'platform',
        cause: incident.cause,
        reason: TIME_CREDIT_REASONS[incident.cause],
        incidentId: incident.incidentId,
        minutes: incident.minutes,
        appliedMinutes,
        deadlineBefore: before.toISOString(),
        deadlineAfter: deadlineAt.toISOString(),
      },
      ip: null,
    });
    const head = await lockLogHead(client, attempt.id);
    if (head) {
      await appendEventRows(
        client,
        head,
        { attemptId: attempt.id, organisationId: attempt.organisationId, batchId: null },
        [
          {
            challengeSlug: incident.challengeSlug,
            kind: 'time_credit',
            payload: { cause: incident.cause, minutes: incident.minutes, appliedMinutes },
            agoMs: 0,
          },
        ],
      );
    }
    return { minutes: incident.minutes, appliedMinutes, deadlineAt };
  });
}
