import type { Rubric } from '../challenges/schema.ts';
import { attemptPhase } from '../commands/attempt-state.ts';
import type { AssessmentAttempts, StaffUser } from '../contract/api.ts';
import type { DimensionScore } from '../grading/types.ts';
import type { AssessmentRow } from '../queries/assessments.ts';
import type { AttemptRow } from '../queries/attempts.ts';
import type { StaffUserRow } from '../queries/staff.ts';

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
      const graded = a.submittedAt !== null && a.gradedChallenges === a.challengeSlugs.length;
      const status = graded
        ? 'graded'
        : phase === 'submitted'
          ? 'submitted'
          : phase === 'expired'
            ? 'expired'
            : phase === 'in_progress'
              ? 'started'
              : 'invited';
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
