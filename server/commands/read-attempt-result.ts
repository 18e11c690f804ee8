import type { V1AttemptResult } from '../contract/public-api.ts';
import type { AppDeps } from '../deps.ts';
import { notFound } from '../errors.ts';
import { presentLevel } from '../presenters/review.ts';
import { invitationStatus } from '../presenters/staff.ts';
import { findAttempt } from '../queries/attempts.ts';
import { findInvitationByAttempt } from '../queries/invitations.ts';
import { listReviewsOfAttempts } from '../queries/reviews.ts';
import { listSubmissionsOfAttempt } from '../queries/scores.ts';
import { assessedDimensions, autoScoresOf } from '../scoring/auto-scores.ts';
import { manualScores, recommendationCounts } from '../scoring/review-summary.ts';

/**
 * One attempt's result for the REST API, from the queries and scoring the staff review page uses:
 * auto and manual scores, recommendations, the level estimate and the visible checks. Hidden
 * checks are only counted (their titles, messages and evidence would teach what is graded), and
 * reviewers' notes stay on the staff pages. Another organisation's attempt is "not found".
 */
export async function readAttemptResult(
  deps: Pick<AppDeps, 'db' | 'catalogue'>,
  organisationId: string,
  attemptId: string,
): Promise<V1AttemptResult> {
  const attempt = await findAttempt(deps.db, attemptId);
  if (!attempt || attempt.organisationId !== organisationId) throw notFound('The attempt');
  const invitation = await findInvitationByAttempt(deps.db, organisationId, attemptId);
  if (!invitation) throw notFound('The attempt');
  const [submissions, reviews] = await Promise.all([
    listSubmissionsOfAttempt(deps.db, organisationId, attemptId),
    listReviewsOfAttempts(deps.db, organisationId, [attemptId]),
  ]);
  const rubric = deps.catalogue.rubric;
  const assessed = assessedDimensions(
    deps.catalogue,
    attempt.challengeSlugs,
    rubric.dimensions.map((d) => d.id),
  );
  const auto = autoScoresOf(submissions, deps.catalogue, assessed);
  const manual = manualScores(reviews, assessed);
  return {
    attempt: {
      id: attempt.id,
      assessmentId: attempt.assessmentId,
      assessmentTitle: attempt.assessmentTitle,
      candidateName: attempt.candidateName,
      candidateEmail: attempt.candidateEmail,
      status: invitationStatus(invitation),
      startedAt: invitation.startedAt?.toISOString() ?? null,
      submittedAt: invitation.submittedAt?.toISOString() ?? null,
    },
    dimensions: rubric.dimensions.map((d) => ({
      id: d.id,
      title: d.title,
      assessed: assessed.includes(d.id),
    })),
    auto,
    manual,
    reviewCount: reviews.length,
    recommendations: recommendationCounts(reviews),
    level: presentLevel(rubric, assessed, auto, manual),
    challenges: attempt.challengeSlugs.map((slug) => {
      const submission = submissions.find((s) => s.challengeSlug === slug);
      const checks = submission?.checks ?? [];
      return {
        slug,
        title: deps.catalogue.challenges.get(slug)?.manifest.title ?? slug,
        submission: submission
          ? {
              status: submission.status,
              score: submission.score,
              graderError: submission.status === 'error' || submission.error !== null,
              tampering: submission.tampering,
              checks: checks
                .filter((c) => c.visible)
                .map(({ id, title, dimension, weight, passed, score, message }) => ({
                  id,
                  title,
                  dimension,
                  weight,
                  passed,
                  score,
                  message,
                })),
              hiddenCheckCount: checks.filter((c) => !c.visible).length,
            }
          : null,
      };
    }),
  };
}
