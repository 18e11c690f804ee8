/**
 * A challenge's files as the candidate edits them, and the autosave that sends the whole file set
 * to the server a moment after the last keystroke. Saves never overlap, so an older file set can
 * never land after a newer one.
 */

import type { WorkspaceFile } from '../../../server/contract/api.ts';
import { ApiError, errorMessage } from '../api.ts';
import { createStateCell, type Store } from './store.ts';

/** A file with a client-side id that survives renames (the editor keys its undo history on it). */
export interface DraftFile {
  id: string;
  path: string;
  content: string;
}

export type SaveState =
  | { kind: 'saved'; savedAt: string | null }
  | { kind: 'pending' }
  | { kind: 'saving' }
  | { kind: 'failed'; message: string };

export interface DraftSnapshot {
  files: readonly DraftFile[];
  save: SaveState;
}

export interface Draft extends Store<DraftSnapshot> {
  setContent: (id: string, content: string) => void;
  addFile: (path: string) => DraftFile;
  renameFile: (id: string, path: string) => void;
  deleteFile: (id: string) => void;
  /** Saves any unsaved edits now; resolves true once the server holds the latest file set. */
  flush: () => Promise<boolean>;
  hasUnsavedChanges: () => boolean;
  /** Stops the debounce timer; a later edit re-arms it. */
  pause: () => void;
}

export interface DraftOptions {
  files: readonly WorkspaceFile[];
  save: (files: WorkspaceFile[]) => Promise<{ savedAt: string }>;
  debounceMs?: number;
}

// After a failure the server may be back soon (network blip, restart); a refusal will not change.
const RETRY_AFTER_FAILURE_MS = 5000;

let lastFileId = 0;
const newFileId = (): string => `file-${++lastFileId}`;

export function createDraft({ files, save, debounceMs = 1000 }: DraftOptions): Draft {
  const cell = createStateCell<DraftSnapshot>({
    files: files.map((file) => ({ id: newFileId(), path: file.path, content: file.content })),
    save: { kind: 'saved', savedAt: null },
  });
  let version = 0;
  let savedVersion = 0;
  let timer = 0;
  let inFlight: Promise<boolean> | null = null;

  const setSave = (state: SaveState) => cell.set({ ...cell.getSnapshot(), save: state });

  const saveLater = (delayMs: number) => {
    window.clearTimeout(timer);
    timer = window.setTimeout(() => void saveOnce(), delayMs);
  };

  const change = (next: readonly DraftFile[]) => {
    version += 1;
    // While a save is on the wire its status stays visible; the debounce picks up this edit after.
    cell.set({ files: next, save: inFlight ? cell.getSnapshot().save : { kind: 'pending' } });
    saveLater(debounceMs);
  };

  const saveOnce = async (): Promise<boolean> => {
    while (inFlight) await inFlight;
    if (version === savedVersion) return true;
    const target = version;
    const payload = cell.getSnapshot().files.map(({ path, content }) => ({ path, content }));
    setSave({ kind: 'saving' });
    inFlight = save(payload).then(
      ({ savedAt }) => {
        savedVersion = target;
        setSave(version === savedVersion ? { kind: 'saved', savedAt } : { kind: 'pending' });
        return true;
      },
      (error: unknown) => {
        setSave({ kind: 'failed', message: errorMessage(error) });
        if (error instanceof ApiError && error.retryable) saveLater(RETRY_AFTER_FAILURE_MS);
        return false;
      },
    );
    try {
      return await inFlight;
    } finally {
      inFlight = null;
    }
  };

  const currentFiles = () => cell.getSnapshot().files;

  return {
    getSnapshot: cell.getSnapshot,
    subscribe: cell.subscribe,
    setContent(id, content) {
      const current = currentFiles();
      if (current.find((f) => f.id === id)?.content === content) return;
      change(current.map((f) => (f.id === id ? { ...f, content } : f)));
    },
    addFile(path) {
      const file = { id: newFileId(), path, content: '' };
      change([...currentFiles(), file]);
      return file;
    },
    renameFile(id, path) {
      change(currentFiles().map((f) => (f.id === id ? { ...f, path } : f)));
    },
    deleteFile(id) {
      change(currentFiles().filter((f) => f.id !== id));
    },
    async flush() {
      window.clearTimeout(timer);
      while (version !== savedVersion || inFlight) {
        if (!(await saveOnce())) return false;
      }
      return true;
    },
    hasUnsavedChanges: () => version !== savedVersion,
    pause: () => window.clearTimeout(timer),
  };
}
