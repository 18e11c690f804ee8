/**
 * What each webhook event says, read inside the transaction of the change it reports and stored
 * once per (type, subject) with a delivery to every subscribed endpoint.
 */
import type { WebhookEventType } from '../contract/webhooks.ts';
import type { Queryable } from '../db/pool.ts';
import { insertEvent } from './deliveries.ts';

interface AttemptFacts {
  organisationId: string;
  attemptId: string;
  invitationId: string;
  assessmentId: string;
  assessmentTitle: string;
  candidateName: string;
  candidateEmail: string;
  expiresAt: Date;
  startedAt: Date | null;
  deadlineAt: Date | null;
  submittedAt: Date | null;
}

async function attemptFacts(db: Queryable, attemptId: string): Promise<AttemptFacts> {
  const { rows } = await db.query<AttemptFacts>(
    `select t.organisation_id as "organisationId", t.id as "attemptId", i.id as "invitationId",
       a.id as "assessmentId", a.title as "assessmentTitle", i.candidate_name as "candidateName",
       i.candidate_email as "candidateEmail", i.expires_at as "expiresAt", t.started_at as "startedAt",
       t.deadline_at as "deadlineAt", t.submitted_at as "submittedAt"
     from attempts t join invitations i on i.id = t.invitation_id join assessments a on a.id = t.assessment_id
     where t.id = $1`,
    [attemptId],
  );
  const row = rows[0];
  if (!row) throw new Error(`webhooks: no attempt ${attemptId}`);
  return row;
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

/** The part every event about an attempt shares. */
const attemptData = (f: AttemptFacts) => ({
  attempt: {
    id: f.attemptId,
    startedAt: iso(f.startedAt),
    deadlineAt: iso(f.deadlineAt),
    submittedAt: iso(f.submittedAt),
  },
  invitation: { id: f.invitationId, expiresAt: iso(f.expiresAt) },
  assessment: { id: f.assessmentId, title: f.assessmentTitle },
  candidate: { name: f.candidateName, email: f.candidateEmail },
  links: { attempt: `/staff/attempts/${f.attemptId}`, assessment: `/staff/assessments/${f.assessmentId}` },
});

/** An event about an attempt (its invitation counts as one: they are made together). */
export async function recordAttemptEvent(
  db: Queryable,
  type: Exclude<WebhookEventType, 'review.submitted'>,
  attemptId: string,
  extra: Record<string, unknown> = {},
): Promise<string | null> {
  const f = await attemptFacts(db, attemptId);
  const subjectId = type === 'invitation.created' ? f.invitationId : attemptId;
  return insertEvent(db, {
    organisationId: f.organisationId,
    type,
    subjectId,
    data: { ...attemptData(f), ...extra },
  });
}

/** The graded event carries each submission's state (done or error), never its checks. */
export async function recordGraded(db: Queryable, attemptId: string): Promise<string | null> {
  const { rows } = await db.query<{ challengeSlug: string; status: string; finishedAt: Date | null }>(
    `select challenge_slug as "challengeSlug", status, finished_at as "finishedAt" from gradings
     where attempt_id = $1 and kind = 'submit' order by challenge_slug`,
    [attemptId],
  );
  const submissions = rows.map((r) => ({
    challengeSlug: r.challengeSlug,
    status: r.status,
    gradedAt: iso(r.finishedAt),
  }));
  return recordAttemptEvent(db, 'attempt.graded', attemptId, { submissions });
}

export async function recordReviewSubmitted(db: Queryable, reviewId: string): Promise<string | null> {
  const { rows } = await db.query<{
    attemptId: string;
    recommendation: string;
    submittedAt: Date;
    reviewerId: string;
    reviewerName: string;
  }>(
    `select r.attempt_id as "attemptId", r.recommendation, r.submitted_at as "submittedAt",
       u.id as "reviewerId", u.name as "reviewerName"
     from reviews r join staff_users u on u.id = r.reviewer_id where r.id = $1`,
    [reviewId],
  );
  const review = rows[0];
  if (!review) throw new Error(`webhooks: no review ${reviewId}`);
  const f = await attemptFacts(db, review.attemptId);
  return insertEvent(db, {
    organisationId: f.organisationId,
    type: 'review.submitted',
    subjectId: reviewId,
    data: {
      ...attemptData(f),
      review: {
        id: reviewId,
        recommendation: review.recommendation,
        submittedAt: review.submittedAt.toISOString(),
        reviewer: { id: review.reviewerId, name: review.reviewerName },
      },
    },
  });
}
