import { variantLabelOf } from '../challenges/variants.ts';
import type { Comparison } from '../contract/staff.ts';
import type { AppDeps } from '../deps.ts';
import { notFound } from '../errors.ts';
import { presentLevel } from '../presenters/review.ts';
import { invitationStatus, presentAssessment } from '../presenters/staff.ts';
import { findAssessment } from '../queries/assessments.ts';
import { listInvitationsOfAssessment } from '../queries/invitations.ts';
import { listReviewsOfAttempts } from '../queries/reviews.ts';
import { listSubmissionsOfAssessment } from '../queries/scores.ts';
import { assessedDimensions, autoScoresOf } from '../scoring/auto-scores.ts';
import { manualScores, recommendationCounts } from '../scoring/review-summary.ts';
import { calibratePanel } from './calibrate-panel.ts';
import { readPercentiles } from './read-percentiles.ts';

/**
 * Every candidate of an assessment side by side: auto scores recomputed from the stored check
 * results, interviewers' mean ratings with their spread, recommendations and the level estimate;
 * each candidate's percentiles in the organisation and the calibrated panel mean beside the raw one
 * (the level estimate keeps the raw mean: calibration is shown as evidence, not applied silently).
 * The comparison page, its CSV and the printable report all read this one answer.
 */
export async function compareAssessment(
  deps: AppDeps,
  organisationId: string,
  assessmentId: string,
): Promise<Comparison> {
  const assessment = await findAssessment(deps.db, organisationId, assessmentId);
  if (!assessment) throw notFound('The assessment');
  const invitations = await listInvitationsOfAssessment(deps.db, organisationId, assessmentId);
  const [submissions, reviews, percentilesOf, panel] = await Promise.all([
    listSubmissionsOfAssessment(deps.db, organisationId, assessmentId),
    listReviewsOfAttempts(
      deps.db,
      organisationId,
      invitations.map((i) => i.attemptId),
    ),
    readPercentiles(deps.db, deps.catalogue, organisationId),
    calibratePanel(deps.db, organisationId),
  ]);
  const rubric = deps.catalogue.rubric;
  const assessed = assessedDimensions(
    deps.catalogue,
    assessment.challengeSlugs,
    rubric.dimensions.map((d) => d.id),
  );
  return {
    assessment: presentAssessment(assessment),
    dimensions: rubric.dimensions
      .filter((d) => assessed.includes(d.id))
      .map((d) => ({ id: d.id, title: d.title })),
    candidates: invitations.map((invitation) => {
      const own = reviews.filter((r) => r.attemptId === invitation.attemptId);
      const auto = autoScoresOf(
        submissions.filter((s) => s.attemptId === invitation.attemptId),
        deps.catalogue,
        assessed,
      );
      const manual = manualScores(own, assessed);
      return {
        attemptId: invitation.attemptId,
        candidateName: invitation.candidateName,
        candidateEmail: invitation.candidateEmail,
        status: invitationStatus(invitation),
        auto,
        manual,
        reviewCount: own.length,
        recommendations: recommendationCounts(own),
        level: presentLevel(rubric, assessed, auto, manual),
        percentiles: percentilesOf(invitation.attemptId),
        calibrated: panel.calibratedOf(invitation.attemptId, assessed),
        variants: assessment.challengeSlugs.flatMap(
          (slug) => variantLabelOf(deps.catalogue.challenges.get(slug), invitation.variantSeed) ?? [],
        ),
      };
    }),
    challenges: assessment.challengeSlugs.map((slug) => ({
      slug,
      title: deps.catalogue.challenges.get(slug)?.manifest.title ?? slug,
    })),
    reviewers: [...new Set(reviews.map((r) => r.reviewerId))].flatMap((id) => {
      const figure = panel.reviewers.get(id);
      return figure ? [figure] : [];
    }),
  };
}
