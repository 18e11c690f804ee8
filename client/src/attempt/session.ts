import type { CandidateAttempt, CandidateChallenge } from '../../../server/contract/api.ts';
import { getGrading, requestGrading, saveFiles } from '../api.ts';
import { connectSharedChallenge, type SharedChallenge } from '../collab/sharedChallenge.ts';
import { createSharedDraft } from '../collab/sharedDraft.ts';
import { collabUrl } from '../interviewApi.ts';
import type { ChallengeCapture } from '../replay-capture/pageCapture.ts';
import { recordCheckpoint, recordedDraft, recordRuns } from '../replay-capture/recordSession.ts';
import { createDraft, type Draft } from './draft.ts';
import { createGradingTracker, type GradingTracker } from './grading.ts';

/** What the page keeps per challenge for the whole attempt, across tab switches. */
export interface ChallengeSession {
  draft: Draft;
  grading: GradingTracker;
  /** Records the replay's events; absent where nothing is recorded. */
  capture?: ChallengeCapture;
  /** In a live interview: the challenge's shared document, edited together with the interviewers. */
  shared?: SharedChallenge;
}

export type AttemptInterview = NonNullable<CandidateAttempt['interview']>;

export function createChallengeSession(
  challenge: CandidateChallenge,
  capture?: ChallengeCapture,
  interview?: AttemptInterview | null,
): ChallengeSession {
  const { slug } = challenge;
  const save = (files: Parameters<typeof saveFiles>[1]) => saveFiles(slug, files);
  const shared = interview
    ? connectSharedChallenge({ url: collabUrl({ as: 'candidate' }), attemptId: interview.attemptId, slug })
    : undefined;
  const draft = shared ? createSharedDraft({ shared, save }) : createDraft({ files: challenge.files, save });
  const grading = createGradingTracker({
    latest: challenge.latestGrading,
    requestGrading: async (kind) => {
      // The submission closes the challenge's replay log: what was recorded goes first.
      if (kind === 'submit') await capture?.beforeSubmit();
      return requestGrading(slug, kind);
    },
    getGrading,
  });
  const base = shared ? { draft, grading, shared } : { draft, grading };
  // A submitted challenge takes no more events; one not started yet has no files to record.
  if (!capture || challenge.submitted) return base;
  recordRuns(grading, capture);
  // In an interview the server records the shared document's changes with their authors; the page
  // records only what the server cannot see (pastes, focus, runs, the submission).
  if (shared) return { ...base, capture };
  if (challenge.files.length > 0) recordCheckpoint(draft, capture);
  return { draft: recordedDraft(draft, capture), grading, capture };
}
