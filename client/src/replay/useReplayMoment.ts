import { useMemo } from 'react';
import type { Replay } from '../../../server/contract/events.ts';
import type { DiffMode } from './PlaybackBar.tsx';
import { authorLabel, keyboardHolderAt, type Playback } from './playback.ts';

/**
 * What the page shows at a moment: the files, the shown file and its diff base, the terminal (and in
 * an interview, which staff member made the event under the playhead and who holds the keyboard).
 */
export function useReplayMoment(
  replay: Replay,
  playback: Playback,
  at: number,
  slug: string,
  chosenPath: string | null,
  diff: DiffMode,
) {
  const index = playback.indexAt(at);
  const files = useMemo(() => playback.filesAt(slug, index), [playback, slug, index]);
  const paths = useMemo(() => [...files.keys()].sort(), [files]);

  // Follow the file the candidate last touched, unless the interviewer picked one that exists.
  const followed = useMemo(() => {
    for (let i = index; i >= 0; i -= 1) {
      const event = playback.events[i];
      if (event?.challengeSlug !== slug) continue;
      if (event.kind === 'edit' || event.kind === 'file_create' || event.kind === 'paste')
        return event.payload.path;
      if (event.kind === 'file_rename') return event.payload.to;
    }
    return null;
  }, [playback, slug, index]);
  const path =
    chosenPath !== null && files.has(chosenPath)
      ? chosenPath
      : followed !== null && files.has(followed)
        ? followed
        : (paths[0] ?? null);

  const { baseFiles, baseNote } = useMemo(() => {
    if (diff === 'none') return { baseFiles: null, baseNote: null };
    if (diff === 'starter') {
      const starter = replay.challenges.find((c) => c.slug === slug)?.starter ?? [];
      return {
        baseFiles: new Map(starter.map((f) => [f.path, f.content])),
        baseNote: 'compared with the starter',
      };
    }
    const previous = replay.gradings
      .filter((g) => g.challengeSlug === slug && g.kind === 'run' && Date.parse(g.createdAt) <= at)
      .at(-1);
    if (!previous) return { baseFiles: null, baseNote: 'no check run yet at this moment' };
    const when = new Date(previous.createdAt).toLocaleTimeString();
    return {
      baseFiles: new Map(previous.files.map((f) => [f.path, f.content])),
      baseNote: `compared with the check run at ${when} (${previous.passed}/${previous.total} passed)`,
    };
  }, [diff, replay, slug, at]);

  const changed = useMemo(
    () => new Set(baseFiles === null ? [] : paths.filter((p) => baseFiles.get(p) !== files.get(p))),
    [baseFiles, paths, files],
  );

  const terminalOutput = useMemo(() => {
    const output: string[] = [];
    const indices: number[] = [];
    for (const [i, event] of playback.events.entries()) {
      if (event.kind === 'terminal' && event.payload.stream === 'output' && event.challengeSlug === slug) {
        output.push(event.payload.data);
        indices.push(i);
      }
    }
    return { output, indices };
  }, [playback, slug]);
  const terminalCount = useMemo(() => {
    let count = 0;
    while (count < terminalOutput.indices.length && (terminalOutput.indices[count] ?? 0) <= index) count += 1;
    return count;
  }, [terminalOutput, index]);

  return {
    index,
    seq: playback.events[index]?.seq ?? 0,
    paths,
    path,
    content: path === null ? '' : (files.get(path) ?? ''),
    base: path === null || baseFiles === null ? null : (baseFiles.get(path) ?? ''),
    baseNote,
    changed,
    terminal: { output: terminalOutput.output, count: terminalCount },
    /** "typed in the terminal by Ada" when a staff member made the event under the playhead. */
    author: authorLabel(playback.events[index]),
    /** The staff member holding the terminal's keyboard at this moment; null while the candidate does. */
    keyboardHolder: keyboardHolderAt(playback, slug, index),
  };
}
