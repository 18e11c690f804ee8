/**
 * The replay reducer: applies logged events to a challenge's files. One pure module shared by the
 * server (snapshots, seek) and the staff page (playback), so both rebuild exactly the same files.
 */
import type { ReplayEvent, TextChange } from './events.ts';

/** A challenge's files by path. Mutated in place by `applyEvent`, for speed over long logs. */
export type FileMap = Map<string, string>;

/** The kinds that change files; every other kind only marks the timeline. */
export const FILE_EVENT_KINDS: ReadonlySet<string> = new Set([
  'edit',
  'file_create',
  'file_rename',
  'file_delete',
]);

/**
 * Applies one Monaco content-change list to a text. Monaco orders a multi-cursor event's changes
 * from the end of the document to the beginning, each against the text before the event, so
 * applying them in the given order is exact. Out-of-range offsets are clamped, never thrown on:
 * a replay shows what it can.
 */
export function applyChanges(content: string, changes: readonly TextChange[]): string {
  let next = content;
  for (const { offset, length, text } of changes) {
    const start = Math.min(offset, next.length);
    const end = Math.min(start + length, next.length);
    next = next.slice(0, start) + text + next.slice(end);
  }
  return next;
}

/** Applies one event to the files; events that do not touch files leave them as they are. */
export function applyEvent(files: FileMap, event: ReplayEvent): void {
  switch (event.kind) {
    case 'edit': {
      const { path, changes } = event.payload;
      files.set(path, applyChanges(files.get(path) ?? '', changes));
      return;
    }
    case 'file_create':
      files.set(event.payload.path, event.payload.content);
      return;
    case 'file_rename': {
      const { from, to } = event.payload;
      const content = files.get(from);
      if (content === undefined || from === to) return;
      files.delete(from);
      files.set(to, content);
      return;
    }
    case 'file_delete':
      files.delete(event.payload.path);
      return;
    default:
      return;
  }
}

/** A fresh file map from a list of files (the starter, or a snapshot). */
export function toFileMap(files: Iterable<{ path: string; content: string }>): FileMap {
  const map: FileMap = new Map();
  for (const { path, content } of files) map.set(path, content);
  return map;
}

/** The files as a list sorted by path, the order the files endpoint and gradings use. */
export function fromFileMap(files: FileMap): { path: string; content: string }[] {
  return [...files]
    .map(([path, content]) => ({ path, content }))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** The files after applying `events` in order over `base` (which is left untouched). */
export function replayFiles(
  base: Iterable<{ path: string; content: string }>,
  events: Iterable<ReplayEvent>,
): FileMap {
  const files = toFileMap(base);
  for (const event of events) applyEvent(files, event);
  return files;
}
