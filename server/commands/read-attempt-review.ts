import { variantLabelOf } from '../challenges/variants.ts';
import type { AttemptReview } from '../contract/staff.ts';
import type { AppDeps } from '../deps.ts';
import { presentLevel, presentReview } from '../presenters/review.ts';
import { ratingsForReview } from '../queries/interviews.ts';
import type { StaffUserRow } from '../queries/staff.ts';
import { manualScores, recommendationCounts } from '../scoring/review-summary.ts';
import { readAttemptBasis } from './attempt-basis.ts';
import { calibratePanel } from './calibrate-panel.ts';
import { readPercentiles } from './read-percentiles.ts';

/**
 * One attempt as a reviewer sees it: the stored check results and auto scores, the rubric's anchors,
 * their own review, and the others' ratings only once their own is in. A manager who has not
 * reviewed sees every review (they decide); an interviewer never sees others' ratings first. When
 * the attempt was a live interview, the viewer's own quick ratings from it pre-fill their form.
 * The auto scores' percentiles are for every staff member who sees the scores; each interviewer's
 * calibration against the panel is for managers only.
 */
export async function readAttemptReview(
  deps: AppDeps,
  user: StaffUserRow,
  attemptId: string,
): Promise<AttemptReview> {
  const { attempt, invitation, header, submissions, reviews, rubric, assessed, auto, titleOf } =
    await readAttemptBasis(deps, user.organisationId, attemptId);
  const manager = user.role === 'manager';
  const [quickRatings, percentilesOf, panel] = await Promise.all([
    ratingsForReview(deps.db, attemptId, user.id),
    readPercentiles(deps.db, deps.catalogue, user.organisationId),
    manager ? calibratePanel(deps.db, user.organisationId) : null,
  ]);
  const mine = reviews.find((r) => r.reviewerId === user.id);
  const others = reviews.filter((r) => r.reviewerId !== user.id);
  const othersVisible = mine !== undefined || user.role === 'manager';
  const visible = othersVisible ? reviews : [];
  const manual = othersVisible ? manualScores(visible, assessed) : {};
  return {
    attempt: header,
    dimensions: rubric.dimensions.map((d) => ({ ...d, assessed: assessed.includes(d.id) })),
    auto,
    challenges: attempt.challengeSlugs.map((slug) => {
      const submission = submissions.find((s) => s.challengeSlug === slug);
      return {
        slug,
        title: titleOf(slug),
        variant: variantLabelOf(deps.catalogue.challenges.get(slug), attempt.variantSeed),
        submission: submission
          ? {
              status: submission.status,
              score: submission.score,
              error: submission.error,
              tampering: submission.tampering,
              checks: (submission.checks ?? []).map(
                ({ id, title, dimension, weight, visible, passed, score, message, evidence }) => ({
                  id,
                  title,
                  dimension,
                  weight,
                  visible,
                  passed,
                  score,
                  message,
                  evidence: evidence ?? [],
                }),
              ),
            }
          : null,
      };
    }),
    canReview: mine === undefined && invitation.submittedAt !== null,
    myReview: mine ? presentReview(mine, user.id) : null,
    othersVisible,
    otherReviewCount: others.length,
    reviews: others.filter(() => othersVisible).map((r) => presentReview(r, user.id)),
    manual,
    recommendations: othersVisible ? recommendationCounts(visible) : null,
    level: othersVisible ? presentLevel(rubric, assessed, auto, manual) : null,
    percentiles: percentilesOf(attemptId),
    calibration: panel
      ? {
          reviewers: reviews.flatMap((r) => {
            const figure = panel.reviewers.get(r.reviewerId);
            return figure ? [{ ...figure, reviewId: r.id }] : [];
          }),
          calibrated: panel.calibratedOf(attemptId, assessed),
        }
      : null,
    prefill: {
      ratings: Object.fromEntries(assessed.flatMap((d) => (d in quickRatings ? [[d, quickRatings[d]]] : []))),
    },
  };
}
