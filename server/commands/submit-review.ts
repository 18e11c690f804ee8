import type { z } from 'zod';
import { announce } from '../announce.ts';
import type { reviewRequestSchema } from '../contract/staff.ts';
import type { AppDeps } from '../deps.ts';
import { conflict, invalid, notFound } from '../errors.ts';
import { findAttempt } from '../queries/attempts.ts';
import { insertReview } from '../queries/reviews.ts';
import type { StaffUserRow } from '../queries/staff.ts';
import { assessedDimensions } from '../scoring/auto-scores.ts';
import { type AuditActor, audited } from '../security/audit.ts';

const UNIQUE_VIOLATION = '23505';

/**
 * Stores an interviewer's review of a submitted attempt: a 1-4 rating for every dimension the
 * assessment scores (and no other), notes, and a recommendation. A review is final, once per
 * interviewer, so nobody can adjust their ratings after seeing the others'.
 */
export async function submitReview(
  deps: AppDeps,
  user: StaffUserRow,
  attemptId: string,
  request: z.output<typeof reviewRequestSchema>,
  actor: AuditActor,
): Promise<void> {
  const attempt = await findAttempt(deps.db, attemptId);
  if (!attempt || attempt.organisationId !== user.organisationId) throw notFound('The attempt');
  if (!attempt.submittedAt) {
    throw conflict(
      'The attempt is not submitted yet: review it once the candidate has finished.',
      'not_submitted',
    );
  }
  const rubric = deps.catalogue.rubric.dimensions;
  const assessed = assessedDimensions(
    deps.catalogue,
    attempt.challengeSlugs,
    rubric.map((d) => d.id),
  );
  const titleOf = (id: string) => rubric.find((d) => d.id === id)?.title ?? id;
  for (const dimension of Object.keys(request.ratings)) {
    if (!assessed.includes(dimension as (typeof assessed)[number])) {
      throw invalid(
        `ratings.${dimension}: ${titleOf(dimension)} is not scored by this assessment's challenges`,
      );
    }
  }
  const ratings = assessed.map((dimension) => {
    const rating = request.ratings[dimension];
    if (!rating) throw invalid(`ratings.${dimension}: rate ${titleOf(dimension)} from 1 to 4`);
    return { dimension, rating: rating.rating, notes: rating.notes };
  });
  try {
    // The review, its ratings and the audit entry commit together.
    await audited(deps.db, actor, async (client) => {
      const id = await insertReview(client, {
        organisationId: user.organisationId,
        attemptId,
        reviewerId: user.id,
        recommendation: request.recommendation,
        summary: request.summary,
        ratings,
      });
      await announce(client, { kind: 'review.submitted', reviewId: id });
      const details = { attemptId, recommendation: request.recommendation };
      return { result: id, audit: { action: 'review.submit', target: { type: 'review', id }, details } };
    });
  } catch (error) {
    if (error instanceof Error && 'code' in error && error.code === UNIQUE_VIOLATION) {
      throw conflict(
        'You have already reviewed this attempt; a review is final so ratings stay independent.',
        'already_reviewed',
      );
    }
    throw error;
  }
}
