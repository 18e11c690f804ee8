/**
 * Where a fragment of a submission came from in its replay: the first moment the fragment's text
 * stood complete in its file, and whether its longest line arrived typed or pasted (a paste, or a
 * file created with its content in one piece).
 */
import type { ReplayEvent } from '../contract/events.ts';
import { applyEvent, FILE_EVENT_KINDS, toFileMap } from '../contract/replay.ts';
import type { Queryable } from '../db/pool.ts';
import { listEvents } from '../queries/events.ts';

export interface FragmentMoment {
  /** The replay event after which the text stood complete; null when the replay never shows it. */
  seq: number | null;
  at: string | null;
  origin: 'typed' | 'pasted' | 'unrecorded';
}

export interface FragmentText {
  path: string;
  text: string;
}

const KINDS = [...FILE_EVENT_KINDS, 'paste'];
const PAGE = 2000;

/** The fragment's longest line, trimmed: the line whose arrival says how the fragment was written. */
const keyLine = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .reduce((a, b) => (b.length > a.length ? b : a), '');

/**
 * The moments of some fragments of one attempt's challenge, in order. Replays the file events over
 * the starter (as the replay page does), so the moment is exact; a submission with no replay (an
 * import, a seed) answers `unrecorded`.
 */
export async function momentsOf(
  db: Queryable,
  starter: ReadonlyArray<{ path: string; content: string }>,
  attemptId: string,
  challengeSlug: string,
  fragments: readonly FragmentText[],
): Promise<FragmentMoment[]> {
  const found: Array<FragmentMoment | null> = fragments.map(() => null);
  const keys = fragments.map((f) => keyLine(f.text));
  const pastedKey = fragments.map(() => false);
  const files = toFileMap(starter);
  // Monaco reports a paste just after the edit that inserted it; the contract's order is the other
  // way round: an edit next to a paste of the same file, either side, is the paste's text.
  let previous: (ReplayEvent & { seq: number }) | undefined;
  const isPasteInto = (event: ReplayEvent | undefined, path: string) =>
    event?.kind === 'paste' && event.payload.path === path;
  let afterSeq = 0;
  for (;;) {
    const page = (await listEvents(db, attemptId, {
      challengeSlug,
      afterSeq,
      kinds: KINDS,
      limit: PAGE,
    })) as unknown as Array<ReplayEvent & { seq: number; at: Date }>;
    for (const [index, event] of page.entries()) {
      const before = index > 0 ? page[index - 1] : previous;
      if (event.kind === 'paste') continue;
      let path: string;
      let arrived = '';
      let inOnePiece = false;
      if (event.kind === 'edit') {
        path = event.payload.path;
        arrived = event.payload.changes.map((c) => c.text).join('\n');
        inOnePiece = isPasteInto(before, path) || isPasteInto(page[index + 1], path);
      } else if (event.kind === 'file_create') {
        path = event.payload.path;
        arrived = event.payload.content;
        inOnePiece = arrived.length > 0;
      } else if (event.kind === 'file_rename') path = event.payload.to;
      else path = '';
      applyEvent(files, event);
      const content = files.get(path);
      if (content === undefined) continue;
      for (const [i, fragment] of fragments.entries()) {
        if (found[i] || fragment.path !== path) continue;
        const key = keys[i] ?? '';
        if (inOnePiece && key.length > 0 && arrived.includes(key)) pastedKey[i] = true;
        if (content.includes(fragment.text)) {
          found[i] = {
            seq: event.seq,
            at: event.at.toISOString(),
            origin: pastedKey[i] ? 'pasted' : 'typed',
          };
        }
      }
    }
    previous = page.at(-1);
    if (page.length < PAGE || found.every((f) => f !== null)) break;
    afterSeq = page.at(-1)?.seq ?? afterSeq;
  }
  return found.map((f) => f ?? { seq: null, at: null, origin: 'unrecorded' });
}
