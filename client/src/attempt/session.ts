import type { CandidateChallenge } from '../../../server/contract/api.ts';
import { getGrading, requestGrading, saveFiles } from '../api.ts';
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
  // A submitted challenge takes no more events; one not started yet has no files to record.
  if (!capture || challenge.submitted) return { draft, grading };
  if (challenge.files.length > 0) recordCheckpoint(draft, capture);
  recordRuns(grading, capture);
  return { draft: recordedDraft(draft, capture), grading, capture };
}
