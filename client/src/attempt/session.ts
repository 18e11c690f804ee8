import type { CandidateChallenge } from '../../../server/contract/api.ts';
import { getGrading, requestGrading, saveFiles } from '../api.ts';
import type { ChallengeCapture } from '../replay-capture/pageCapture.ts';
import { recordedDraft, recordRuns } from '../replay-capture/recordSession.ts';
import { createDraft, type Draft } from './draft.ts';
import { createGradingTracker, type GradingTracker } from './grading.ts';

/** What the page keeps per challenge for the whole attempt, across tab switches. */
export interface ChallengeSession {
  draft: Draft;
  grading: GradingTracker;
  /** Records the replay's events; absent where nothing is recorded. */
  capture?: ChallengeCapture;
}

export function createChallengeSession(
  challenge: CandidateChallenge,
  capture?: ChallengeCapture,
): ChallengeSession {
  const { slug } = challenge;
  const draft = createDraft({ files: challenge.files, save: (files) => saveFiles(slug, files) });
  const grading = createGradingTracker({
    latest: challenge.latestGrading,
    requestGrading: async (kind) => {
      // The submission closes the challenge's replay log: what was recorded goes first.
      if (kind === 'submit') await capture?.beforeSubmit();
      return requestGrading(slug, kind);
    },
    getGrading,
  });
  if (!capture) return { draft, grading };
  recordRuns(grading, capture);
  return { draft: recordedDraft(draft, capture), grading, capture };
}
