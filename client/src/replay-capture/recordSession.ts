/**
 * Hooks a challenge's draft and grading tracker into the replay capture without changing them:
 * file operations are recorded as they happen, finished check runs with their pass counts.
 */
import type { Draft } from '../attempt/draft.ts';
import { type GradingTracker, isFinished } from '../attempt/grading.ts';
import type { ChallengeCapture } from './pageCapture.ts';

/** A draft whose file operations are also recorded. */
export function recordedDraft(draft: Draft, capture: ChallengeCapture): Draft {
  const pathOf = (id: string) => draft.getSnapshot().files.find((f) => f.id === id)?.path;
  return {
    ...draft,
    addFile(path) {
      const file = draft.addFile(path);
      capture.fileCreated(file.path, file.content);
      return file;
    },
    renameFile(id, path) {
      const from = pathOf(id);
      draft.renameFile(id, path);
      if (from !== undefined && from !== path) capture.fileRenamed(from, path);
    },
    deleteFile(id) {
      const path = pathOf(id);
      draft.deleteFile(id);
      if (path !== undefined) capture.fileDeleted(path);
    },
  };
}

/** Records each check run of this page once, when it finishes. */
export function recordRuns(grading: GradingTracker, capture: ChallengeCapture): () => void {
  const seen = new Set<string>();
  const initial = grading.getSnapshot().grading;
  if (initial) seen.add(initial.id);
  return grading.subscribe(() => {
    const current = grading.getSnapshot().grading;
    if (current?.kind !== 'run' || !isFinished(current) || seen.has(current.id)) return;
    seen.add(current.id);
    capture.runFinished(current);
  });
}

/**
 * Records the files as this page loaded them. The replay then matches the page from here on even
 * if an earlier page's last events or last save never reached the server.
 */
export function recordCheckpoint(draft: Draft, capture: ChallengeCapture): void {
  for (const file of draft.getSnapshot().files) capture.fileCreated(file.path, file.content);
}
