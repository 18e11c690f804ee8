/**
 * What every reading of one attempt's results starts from (the staff review, the REST API's
 * result): the attempt of the organisation (or "not found"), its invitation, the stored
 * submissions and reviews, the dimensions its challenges assess and their auto scores, and the
 * attempt's header as both answers show it.
 */
import type { AttemptHeader } from '../contract/staff.ts';
import type { AppDeps } from '../deps.ts';
import { notFound } from '../errors.ts';
import { invitationStatus } from '../presenters/staff.ts';
import { findAttempt } from '../queries/attempts.ts';
import { findInvitationByAttempt } from '../queries/invitations.ts';
import { listReviewsOfAttempts } from '../queries/reviews.ts';
import { listSubmissionsOfAttempt } from '../queries/scores.ts';
import { assessedDimensions, autoScoresOf } from '../scoring/auto-scores.ts';

export async function readAttemptBasis(
  deps: Pick<AppDeps, 'db' | 'catalogue'>,
  organisationId: string,
  attemptId: string,
) {
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
  const header: AttemptHeader = {
    id: attempt.id,
    assessmentId: attempt.assessmentId,
    assessmentTitle: attempt.assessmentTitle,
    candidateName: attempt.candidateName,
    candidateEmail: attempt.candidateEmail,
    status: invitationStatus(invitation),
    startedAt: invitation.startedAt?.toISOString() ?? null,
    submittedAt: invitation.submittedAt?.toISOString() ?? null,
  };
  return {
    attempt,
    invitation,
    header,
    submissions,
    reviews,
    rubric,
    assessed,
    auto: autoScoresOf(submissions, deps.catalogue, assessed),
    /** The challenge's title in the catalogue (its slug when the package is gone). */
    titleOf: (slug: string) => deps.catalogue.challenges.get(slug)?.manifest.title ?? slug,
  };
}
