import { challengeVariant } from '../challenges/variants.ts';
import type { CandidateFeedback } from '../contract/feedback.ts';
import type { AppDeps } from '../deps.ts';
import { notFound } from '../errors.ts';
import { findVariantSeed } from '../queries/attempts.ts';
import { finalSubmissions, findAttemptFeedbackState } from './queries.ts';
import { buildFeedbackReport } from './report.ts';

/**
 * The candidate's feedback on their own attempt (the session names it): nothing while the
 * assessment gives none, "pending" until every submission's final grading is recorded, then the
 * report, built on read so a setting turned off or a check made hidden later applies at once.
 */
export async function readCandidateFeedback(
  deps: Pick<AppDeps, 'db' | 'catalogue'>,
  attemptId: string,
): Promise<CandidateFeedback> {
  const state = await findAttemptFeedbackState(deps.db, attemptId);
  if (!state) throw notFound('The attempt');
  if (!state.candidateFeedback) return { status: 'off' };
  if (!state.finallyGraded) return { status: 'pending' };
  const submissions = await finalSubmissions(deps.db, attemptId);
  // The requirements as the candidate's own variant worded them (#17).
  const seed = await findVariantSeed(deps.db, attemptId);
  const report = buildFeedbackReport(
    state.assessmentTitle,
    state.challengeSlugs.map((slug) => {
      const challenge = deps.catalogue.challenges.get(slug);
      return {
        slug,
        manifest: challenge && challengeVariant(challenge, seed).manifest,
        submission: submissions.find((s) => s.challengeSlug === slug),
      };
    }),
    deps.catalogue.rubric,
  );
  return { status: 'ready', report };
}
