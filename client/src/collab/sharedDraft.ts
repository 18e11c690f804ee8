/**
 * The `Draft` the attempt's workspace expects, over a live interview's shared document: the files are
 * the Y.Doc's, edits go into it, and "saved" means the server acknowledged every change. For the
 * candidate, `flush` also saves the file set through the ordinary files route, so grading reads exactly
 * what the candidate sees.
 */
import type * as Y from 'yjs';
import type { WorkspaceFile } from '../../../server/contract/api.ts';
import { errorMessage } from '../api.ts';
import type { Draft, DraftFile, DraftSnapshot, SaveState } from '../attempt/draft.ts';
import { createStateCell } from '../attempt/store.ts';
import type { SharedChallenge, SharedStatus } from './sharedChallenge.ts';

/** How long `flush` waits for the server to acknowledge the changes before it reports a failure. */
const SETTLE_TIMEOUT_MS = 10_000;

/** Replaces a Y.Text's content with `next`, touching only the part between the common prefix and suffix. */
export function replaceText(text: Y.Text, next: string): void {
  const before = text.toString();
  if (before === next) return;
  let start = 0;
  const shortest = Math.min(before.length, next.length);
  while (start < shortest && before[start] === next[start]) start += 1;
  let end = 0;
  while (end < shortest - start && before[before.length - 1 - end] === next[next.length - 1 - end]) end += 1;
  const apply = () => {
    text.delete(start, before.length - start - end);
    text.insert(start, next.slice(start, next.length - end));
  };
  if (text.doc) text.doc.transact(apply);
  else apply();
}

function saveStateOf(status: SharedStatus, failure: string | null): SaveState {
  if (status.denied) return { kind: 'failed', message: status.denied };
  if (status.connection === 'connecting') return { kind: 'pending' };
  if (status.connection === 'disconnected')
    return { kind: 'failed', message: 'not connected to the shared session; reconnecting…' };
  if (failure) return { kind: 'failed', message: failure };
  if (!status.synced || status.unsynced > 0) return { kind: 'saving' };
  return { kind: 'saved', savedAt: null };
}

export interface SharedDraft extends Draft {
  /** Stops listening to the shared document (the document itself is the caller's to destroy). */
  detach: () => void;
}

/**
 * A draft over `shared`. `save`, given for the candidate, stores the current file set once the server
 * holds it (the shared document is also projected into the saved files by the server, a moment later).
 */
export function createSharedDraft({
  shared,
  save,
}: {
  shared: SharedChallenge;
  save?: (files: WorkspaceFile[]) => Promise<{ savedAt: string }>;
}): SharedDraft {
  let failure: string | null = null;
  const read = (): DraftSnapshot => ({
    files: shared.files.getSnapshot().map(({ id, path, text }) => ({ id, path, content: text.toString() })),
    save: saveStateOf(shared.status.getSnapshot(), failure),
  });
  const cell = createStateCell<DraftSnapshot>(read());
  const refresh = () => cell.set(read());
  const refreshSave = () =>
    cell.set({ ...cell.getSnapshot(), save: saveStateOf(shared.status.getSnapshot(), failure) });
  // Every change of the document (a file's text, a file added or removed) makes a new snapshot.
  shared.doc.on('update', refresh);
  const stopFiles = shared.files.subscribe(refresh);
  const stopStatus = shared.status.subscribe(refreshSave);

  return {
    getSnapshot: cell.getSnapshot,
    subscribe: cell.subscribe,
    setContent(id, content) {
      const text = shared.textOf(id);
      if (text) replaceText(text, content);
    },
    addFile(path): DraftFile {
      const file = shared.addFile(path);
      return { id: file.id, path, content: '' };
    },
    renameFile: shared.renameFile,
    deleteFile: shared.deleteFile,
    async flush() {
      if (!(await shared.whenSettled(SETTLE_TIMEOUT_MS))) return false;
      if (!save || shared.status.getSnapshot().readOnly) return true;
      try {
        const { savedAt } = await save(
          cell.getSnapshot().files.map(({ path, content }) => ({ path, content })),
        );
        failure = null;
        const state = saveStateOf(shared.status.getSnapshot(), null);
        cell.set({
          ...cell.getSnapshot(),
          save: state.kind === 'saved' ? { kind: 'saved', savedAt } : state,
        });
        return true;
      } catch (error) {
        failure = errorMessage(error);
        refreshSave();
        return false;
      }
    },
    hasUnsavedChanges: () => shared.provider.hasUnsyncedChanges,
    pause: () => {},
    detach() {
      shared.doc.off('update', refresh);
      stopFiles();
      stopStatus();
    },
  };
}
