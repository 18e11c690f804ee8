import * as Y from 'yjs';
import type { TextChange } from '../contract/events.ts';
import { EVENT_LIMITS } from '../contract/events.ts';
import { FILES_MAP } from '../contract/interview.ts';

/** One file event as the replay stores it, with the staff member who made it (null: the candidate). */
export type FileEvent = (
  | { kind: 'edit'; payload: { path: string; changes: TextChange[] } }
  | { kind: 'file_create'; payload: { path: string; content: string } }
  | { kind: 'file_delete'; payload: { path: string } }
) & { authorId: string | null };

/**
 * A Y.Text change as Monaco reports one: each change's offset and length are in the text as it was
 * before the transaction (Yjs's delta walks the old text: retain and delete advance through it,
 * insert does not), so the replay applies them exactly as it applies the candidate's own edits.
 */
export function deltaToChanges(delta: ReadonlyArray<{ retain?: number; insert?: unknown; delete?: number }>) {
  const changes: TextChange[] = [];
  let offset = 0;
  for (const op of delta) {
    if (op.retain !== undefined) offset += op.retain;
    else if (op.delete !== undefined) {
      const last = changes.at(-1);
      if (last && last.offset + last.length === offset && last.text !== '' && last.length === 0) {
        // An insert right before this delete at the same place: one replacement.
        last.length = op.delete;
      } else changes.push({ offset, length: op.delete, text: '' });
      offset += op.delete;
    } else if (typeof op.insert === 'string') {
      const last = changes.at(-1);
      if (last && last.offset + last.length === offset && last.text === '') last.text = op.insert;
      else changes.push({ offset, length: 0, text: op.insert });
    }
  }
  return changes.filter((c) => c.length > 0 || c.text !== '');
}

/**
 * Watches a challenge's shared files and reports every change as the replay's file events, with
 * its author taken from the transaction's origin. Returns the function that stops watching.
 */
export function watchFileEvents(
  doc: Y.Doc,
  authorOf: (origin: unknown) => string | null,
  report: (events: FileEvent[]) => void,
): () => void {
  const files = doc.getMap<Y.Text>(FILES_MAP);
  const pathOf = (text: unknown): string | undefined => {
    for (const [path, value] of files) if ((value as unknown) === text) return path;
    return undefined;
  };
  const onChange = (events: Array<Y.YEvent<Y.AbstractType<unknown>>>, transaction: Y.Transaction) => {
    const authorId = authorOf(transaction.origin);
    const out: FileEvent[] = [];
    for (const event of events) {
      if (event.target === files) {
        for (const [path, change] of (event as Y.YMapEvent<Y.Text>).changes.keys) {
          if (change.action === 'delete' || change.action === 'update')
            out.push({ kind: 'file_delete', payload: { path }, authorId });
          if (change.action === 'add' || change.action === 'update') {
            const content = files.get(path)?.toString() ?? '';
            out.push({ kind: 'file_create', payload: { path, content }, authorId });
          }
        }
      } else if (event.target instanceof Y.Text) {
        const path = pathOf(event.target);
        // A text added in this same transaction has no event of its own (Yjs reports only types that
        // existed before it): its file_create carried it whole.
        if (!path) continue;
        const changes = deltaToChanges(event.delta as never);
        for (let i = 0; i < changes.length; i += EVENT_LIMITS.maxChangesPerEdit)
          out.push({
            kind: 'edit',
            payload: { path, changes: changes.slice(i, i + EVENT_LIMITS.maxChangesPerEdit) },
            authorId,
          });
      }
    }
    if (out.length > 0) report(out);
  };
  files.observeDeep(onChange);
  return () => files.unobserveDeep(onChange);
}

/** The challenge's files as the shared document holds them now. */
export function filesOf(doc: Y.Doc): { path: string; content: string }[] {
  return [...doc.getMap<Y.Text>(FILES_MAP).entries()]
    .map(([path, text]) => ({ path, content: text.toString() }))
    .sort((a, b) => a.path.localeCompare(b.path));
}

/** Fills an empty document with the saved files (the starter, or what was saved before the interview). */
export function fillDocument(doc: Y.Doc, files: readonly { path: string; content: string }[]): void {
  const map = doc.getMap<Y.Text>(FILES_MAP);
  doc.transact(() => {
    for (const file of files) map.set(file.path, new Y.Text(file.content));
  });
}
