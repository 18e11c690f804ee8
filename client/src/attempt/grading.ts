/**
 * A challenge's latest grading: requests a run or the submission, then polls until the grading is
 * done or failed. Lives outside React so switching challenge tabs does not lose a running grading.
 */

import type { CandidateGrading, RequestedGrading } from '../../../server/contract/api.ts';
import { ApiError, errorMessage, type GradingKind } from '../api.ts';
import { createStateCell, type Store } from './store.ts';
import { deadlineMayHaveMoved, STALLED_GRADING_MS } from './timeCredits.ts';

export interface GradingSnapshot {
  grading: CandidateGrading | null;
  /** The kind being requested right now, before the server has answered. */
  requesting: GradingKind | null;
  requestError: string | null;
  /** Set while polling cannot reach the server; polling keeps retrying. */
  connectionError: string | null;
  /**
   * Older check runs, not started yet, that the newest one replaced (only the newest is graded):
   * counted by the last request, or 1 when this page was waiting on a run that another tab replaced.
   */
  replacedRuns: number;
}

export interface GradingTracker extends Store<GradingSnapshot> {
  /** Asks for a grading and starts polling it; resolves with it, or null when the request failed. */
  request: (kind: GradingKind) => Promise<CandidateGrading | null>;
  /** Starts (or resumes) polling an unfinished grading. */
  activate: () => void;
  deactivate: () => void;
}

export interface GradingTrackerOptions {
  latest: CandidateGrading | null;
  requestGrading: (kind: GradingKind) => Promise<RequestedGrading>;
  getGrading: (id: string) => Promise<CandidateGrading>;
  pollMs?: number;
}

export const isFinished = (grading: CandidateGrading): boolean =>
  grading.status === 'done' || grading.status === 'error' || grading.status === 'superseded';

/**
 * Whether the challenge's latest grading holds back Run checks and Submit: while it is being asked
 * for or graded, yes; a run still waiting in the queue, no (a new request replaces it on the server).
 */
export const holdsRequests = (snapshot: GradingSnapshot): boolean => {
  const { grading, requesting } = snapshot;
  if (requesting !== null) return true;
  if (grading === null || isFinished(grading)) return false;
  return !(grading.kind === 'run' && grading.status === 'queued');
};

const MAX_BACKOFF_MS = 5000;

/** A run that waited past the stall limit, counted from `since` (the first run it replaced). */
const stalled = (grading: CandidateGrading, since: string) =>
  grading.kind === 'run' && Date.now() - Date.parse(since) > STALLED_GRADING_MS;

export function createGradingTracker(options: GradingTrackerOptions): GradingTracker {
  const { requestGrading, getGrading, pollMs = 500 } = options;
  const cell = createStateCell<GradingSnapshot>({
    grading: options.latest,
    requesting: null,
    requestError: null,
    connectionError: null,
    replacedRuns: 0,
  });
  const update = (patch: Partial<GradingSnapshot>) => cell.set({ ...cell.getSnapshot(), ...patch });
  let active = false;
  let timer = 0;
  // Bumped whenever polling restarts, so an answer for an older poll is dropped.
  let generation = 0;
  // When the candidate began waiting for the unfinished run: replacing it does not restart the wait.
  let waitingSince = options.latest?.createdAt ?? '';

  const poll = (gradingId: string, delayMs: number) => {
    const mine = generation;
    timer = window.setTimeout(async () => {
      try {
        const grading = await getGrading(gradingId);
        if (mine !== generation) return;
        // Replaced by a newer run (Run checks in another tab, say): that one is followed instead.
        // The panel keeps the old run (queued) until the newer one's state arrives.
        if (grading.status === 'superseded' && grading.replacedBy) {
          update({ replacedRuns: 1, connectionError: null });
          poll(grading.replacedBy, 0);
          return;
        }
        const waited = cell.getSnapshot().grading;
        update({ grading, connectionError: null });
        // A check run that sat in a stalled queue was credited when a worker took it.
        if (waited?.status === 'queued' && grading.status !== 'queued' && stalled(grading, waitingSince))
          deadlineMayHaveMoved();
        if (!isFinished(grading)) poll(gradingId, pollMs);
      } catch (error) {
        if (mine !== generation) return;
        update({ connectionError: errorMessage(error) });
        const retryable = !(error instanceof ApiError) || error.retryable;
        if (retryable) poll(gradingId, Math.min(Math.max(delayMs * 2, pollMs), MAX_BACKOFF_MS));
      }
    }, delayMs);
  };

  const restartPolling = () => {
    generation += 1;
    window.clearTimeout(timer);
    const grading = cell.getSnapshot().grading;
    if (active && grading && !isFinished(grading)) poll(grading.id, pollMs);
  };

  return {
    getSnapshot: cell.getSnapshot,
    subscribe: cell.subscribe,
    async request(kind) {
      update({ requesting: kind, requestError: null });
      try {
        const { replacedRuns, ...grading } = await requestGrading(kind);
        const before = cell.getSnapshot().grading;
        if (!(replacedRuns > 0 && before && !isFinished(before))) waitingSince = grading.createdAt;
        update({ grading, requesting: null, connectionError: null, replacedRuns });
        restartPolling();
        return grading;
      } catch (error) {
        update({ requesting: null, requestError: errorMessage(error) });
        return null;
      }
    },
    activate() {
      active = true;
      restartPolling();
    },
    deactivate() {
      active = false;
      restartPolling();
    },
  };
}
