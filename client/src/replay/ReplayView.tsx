import { useMemo, useState } from 'react';
import { ARCHITECTURE_FILE } from '../../../challenges/_lib/architecture/schema.ts';
import type { Replay, ReplayNote, StoredEvent } from '../../../server/contract/events.ts';
import { ArchitectureEditor } from '../design/ArchitectureEditor.tsx';
import { LazyReplayEditor } from './LazyReplayEditor.tsx';
import { LazyReplayTerminal } from './LazyReplayTerminal.tsx';
import { MomentsList } from './MomentsList.tsx';
import { NotesPanel } from './NotesPanel.tsx';
import { type DiffMode, PlaybackBar } from './PlaybackBar.tsx';
import { buildPlayback, formatOffset, timeOfSeq } from './playback.ts';
import { ReplayFileList } from './ReplayFileList.tsx';
import { Timeline } from './Timeline.tsx';
import { usePlayback, usePlaybackKeys } from './usePlayback.ts';
import { useReplayMoment } from './useReplayMoment.ts';
import './ReplayView.css';
import { VariantLabel } from '../staff/VariantLabel.tsx';

interface ReplayViewProps {
  replay: Replay;
  events: readonly StoredEvent[];
  /** Open at this moment (a link to it) instead of the end. */
  initialMoment?: { challengeSlug: string; seq: number } | null;
}

/** The replay: timeline and controls, the files at the moment in Monaco, the terminal, notes. */
export function ReplayView({ replay, events, initialMoment = null }: ReplayViewProps) {
  const playback = useMemo(() => buildPlayback(replay, events), [replay, events]);
  const controls = usePlayback(playback, initialMoment ? timeOfSeq(playback, initialMoment.seq) : undefined);
  usePlaybackKeys(controls, playback);
  const [notes, setNotes] = useState<readonly ReplayNote[]>(replay.notes);
  const [slug, setSlug] = useState(() =>
    initialMoment && replay.challenges.some((c) => c.slug === initialMoment.challengeSlug)
      ? initialMoment.challengeSlug
      : busiestChallenge(replay, events),
  );
  const [chosenPath, setChosenPath] = useState<string | null>(null);
  const [diff, setDiff] = useState<DiffMode>('none');
  const moment = useReplayMoment(replay, playback, controls.at, slug, chosenPath, diff);

  return (
    <div className="replay-view">
      <div className="replay-controls">
        {replay.challenges.length > 1 && (
          <label>
            Challenge{' '}
            <select className="select" value={slug} onChange={(event) => setSlug(event.target.value)}>
              {replay.challenges.map((c) => (
                <option key={c.slug} value={c.slug}>
                  {c.title}
                </option>
              ))}
            </select>
          </label>
        )}
        <PlaybackBar controls={controls} diff={diff} onDiff={setDiff} />
        <Timeline playback={playback} at={controls.at} notes={notes} onSeek={controls.seek} />
        <p className="replay-status" data-testid="replay-status">
          {events.length === 0
            ? 'Nothing was recorded for this attempt.'
            : `Event ${moment.index + 1} of ${events.length} · ${formatOffset(controls.at - playback.start)}`}
          {moment.author && <span data-testid="replay-author">{` · ${moment.author}`}</span>}
          {moment.baseNote && ` · ${moment.baseNote}`}
        </p>
        <VariantLabel label={replay.challenges.find((c) => c.slug === slug)?.variant} />
      </div>
      <div className="replay-body">
        <aside className="replay-side">
          <ReplayFileList
            paths={moment.paths}
            selected={moment.path}
            changed={moment.changed}
            onSelect={setChosenPath}
          />
          <MomentsList playback={playback} onSeek={controls.seek} />
          <NotesPanel
            attemptId={replay.attempt.id}
            notes={notes}
            moment={{ challengeSlug: slug, seq: moment.seq, offsetMs: controls.at - playback.start }}
            timeOf={(seq) => timeOfSeq(playback, seq)}
            start={playback.start}
            onAdded={(note) => setNotes((all) => [...all, note].sort((a, b) => a.seq - b.seq))}
            onSeek={controls.seek}
          />
        </aside>
        <section className="replay-main" aria-label="Files at this moment">
          <div className="replay-path" data-testid="replay-path">
            {moment.path ?? 'No files at this moment'}
          </div>
          {/* A live environment's challenge may have no files: then the terminal gets the room. */}
          {(moment.path !== null || !playback.hasTerminal) && (
            <div className="replay-editor" data-testid="replay-editor">
              {moment.path === ARCHITECTURE_FILE ? (
                <div className="replay-design" data-testid="replay-design">
                  <ArchitectureEditor
                    text={moment.content}
                    readOnly
                    textEditor={
                      <LazyReplayEditor path={moment.path} content={moment.content} base={moment.base} />
                    }
                  />
                </div>
              ) : (
                moment.path !== null && (
                  <LazyReplayEditor path={moment.path} content={moment.content} base={moment.base} />
                )
              )}
            </div>
          )}
          {playback.hasTerminal && moment.keyboardHolder !== null && (
            <div className="replay-keyboard" data-testid="replay-keyboard">
              {moment.keyboardHolder} has the keyboard: what is typed now is theirs.
            </div>
          )}
          {playback.hasTerminal && (
            <LazyReplayTerminal output={moment.terminal.output} count={moment.terminal.count} />
          )}
        </section>
      </div>
    </div>
  );
}

/** The challenge with the most events: where the candidate spent their time. */
function busiestChallenge(replay: Replay, events: readonly StoredEvent[]): string {
  const counts = new Map<string, number>();
  for (const event of events) counts.set(event.challengeSlug, (counts.get(event.challengeSlug) ?? 0) + 1);
  const [first] = [...replay.challenges].sort(
    (a, b) => (counts.get(b.slug) ?? 0) - (counts.get(a.slug) ?? 0),
  );
  return first?.slug ?? '';
}
