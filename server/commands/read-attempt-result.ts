import type { V1AttemptResult } from '../contract/public-api.ts';
import type { AppDeps } from '../deps.ts';
import { presentLevel } from '../presenters/review.ts';
import { manualScores, recommendationCounts } from '../scoring/review-summary.ts';
import { readAttemptBasis } from './attempt-basis.ts';

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
  const { header, submissions, reviews, rubric, assessed, auto, attempt, titleOf } = await readAttemptBasis(
    deps,
    organisationId,
    attemptId,
  );
  const manual = manualScores(reviews, assessed);
  return {
    attempt: header,
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
        title: titleOf(slug),
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
