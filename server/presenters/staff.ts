import type { Rubric } from '../challenges/schema.ts';
import { type AttemptPhase, attemptPhase, DEADLINE_GRACE_MS } from '../commands/attempt-state.ts';
import type { AssessmentAttempts, StaffUser } from '../contract/api.ts';
import type { InvitationStatus } from '../contract/staff.ts';
import type { AssessmentRow } from '../queries/assessments.ts';
import type { AttemptRow } from '../queries/attempts.ts';
import type { InvitationWithAttemptRow } from '../queries/invitations.ts';
import type { StaffUserRow } from '../queries/staff.ts';
import type { DimensionScore } from '../scoring/types.ts';

export function presentStaffUser(user: StaffUserRow): StaffUser {
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    role: user.role,
    organisationName: user.organisationName,
  };
}

export function presentAssessment(a: AssessmentRow) {
  return {
    id: a.id,
    title: a.title,
    challengeSlugs: a.challengeSlugs,
    timeLimitMinutes: a.timeLimitMinutes,
    attemptCount: a.attemptCount,
  };
}

type AttemptWithCounts = AttemptRow & {
  gradingErrors: number;
  submittedChallenges: number;
  gradedChallenges: number;
};

export function presentAssessmentAttempts(
  assessment: AssessmentRow,
  rubric: Rubric,
  attempts: AttemptWithCounts[],
  scores: (DimensionScore & { attemptId: string })[],
): AssessmentAttempts {
  return {
    assessment: presentAssessment(assessment),
    dimensions: rubric.dimensions.map((d) => ({ id: d.id, title: d.title })),
    attempts: attempts.map((a) => {
      const phase = attemptPhase(a);
      const status = statusOfPhase(
        phase,
        a.submittedAt !== null && a.gradedChallenges === a.challengeSlugs.length,
      );
      return {
        id: a.id,
        candidateName: a.candidateName,
        candidateEmail: a.candidateEmail,
        status,
        startedAt: a.startedAt?.toISOString() ?? null,
        submittedAt: a.submittedAt?.toISOString() ?? null,
        scores: Object.fromEntries(
          scores
            .filter((s) => s.attemptId === a.id)
            .map((s) => [s.dimension, { score: s.score, checkCount: s.checkCount }]),
        ),
        gradingErrors: a.gradingErrors,
      };
    }),
  };
}

function statusOfPhase(phase: AttemptPhase, graded: boolean): Exclude<InvitationStatus, 'revoked'> {
  if (graded) return 'graded';
  if (phase === 'submitted') return 'submitted';
  if (phase === 'expired') return 'expired';
  return phase === 'in_progress' ? 'started' : 'invited';
}

/**
 * Where a candidate stands: invited (link not used yet), started, submitted, graded (every
 * submission has a result), expired (the link or the clock ran out), or revoked by a manager.
 */
export function invitationStatus(
  i: Pick<
    InvitationWithAttemptRow,
    | 'revokedAt'
    | 'submittedAt'
    | 'startedAt'
    | 'deadlineAt'
    | 'expiresAt'
    | 'gradedChallenges'
    | 'challengeCount'
  >,
  now = Date.now(),
): InvitationStatus {
  if (i.revokedAt && !i.submittedAt) return 'revoked';
  const phase: AttemptPhase = i.submittedAt
    ? 'submitted'
    : !i.deadlineAt
      ? 'not_started'
      : i.deadlineAt.getTime() + DEADLINE_GRACE_MS > now
        ? 'in_progress'
        : 'expired';
  if (phase === 'not_started' && i.expiresAt.getTime() <= now) return 'expired';
  return statusOfPhase(phase, i.submittedAt !== null && i.gradedChallenges === i.challengeCount);
}
