import type { CandidateChallenge } from '../../../server/contract/api.ts';
import { getGrading, requestGrading, saveFiles } from '../api.ts';
import { createDraft, type Draft } from './draft.ts';
import { createGradingTracker, type GradingTracker } from './grading.ts';

/** What the page keeps per challenge for the whole attempt, across tab switches. */
export interface ChallengeSession {
  draft: Draft;
  grading: GradingTracker;
}

export function createChallengeSession(challenge: CandidateChallenge): ChallengeSession {
  const { slug } = challenge;
  return {
    draft: createDraft({ files: challenge.files, save: (files) => saveFiles(slug, files) }),
    grading: createGradingTracker({
      latest: challenge.latestGrading,
      requestGrading: (kind) => requestGrading(slug, kind),
      getGrading,
    }),
  };
}
