import type { ReplayNote } from '../../../server/contract/events.ts';
import { formatOffset, markerLabel, type Playback, timeOfSeq } from './playback.ts';
import './Timeline.css';

interface TimelineProps {
  playback: Playback;
  at: number;
  notes: readonly ReplayNote[];
  onSeek: (at: number) => void;
}

/**
 * The attempt's span with its markers: check runs, submissions, large pastes, time away, notes; in an
 * interview also complications, keyboard hand-overs and the stretches a staff member acted in.
 */
export function Timeline({ playback, at, notes, onSeek }: TimelineProps) {
  const span = playback.end - playback.start;
  const left = (t: number) => `${(Math.min(Math.max(t - playback.start, 0), span) / span) * 100}%`;
  const noteTime = (seq: number) => timeOfSeq(playback, seq);
  return (
    <div className="timeline" data-testid="timeline">
      <div className="timeline-track">
        {playback.idle.map(([from, to]) => (
          <span
            key={`idle-${from}`}
            className="timeline-idle"
            style={{ left: left(from), width: `calc(${left(to)} - ${left(from)})` }}
          />
        ))}
        {playback.markers.map((marker) => (
          <button
            key={`${marker.kind}-${marker.at}-${'seq' in marker ? marker.seq : ''}`}
            type="button"
            className={`timeline-marker timeline-marker-${marker.kind}`}
            style={
              marker.kind === 'away' || marker.kind === 'staff'
                ? { left: left(marker.at), width: `calc(${left(marker.until)} - ${left(marker.at)})` }
                : { left: left(marker.at) }
            }
            title={markerLabel(marker, playback.start)}
            aria-label={markerLabel(marker, playback.start)}
            data-testid={`marker-${marker.kind}`}
            onClick={() => onSeek(marker.at)}
          />
        ))}
        {notes.map((note) => (
          <button
            key={note.id}
            type="button"
            className="timeline-marker timeline-marker-note"
            style={{ left: left(noteTime(note.seq)) }}
            title={`Note: ${note.body}`}
            aria-label={`Note: ${note.body}`}
            onClick={() => onSeek(noteTime(note.seq))}
          />
        ))}
      </div>
      <input
        type="range"
        className="timeline-scrubber"
        aria-label="Moment of the attempt"
        data-testid="timeline-scrubber"
        min={0}
        max={span}
        step={100}
        value={Math.round(at - playback.start)}
        onChange={(event) => onSeek(playback.start + Number(event.target.value))}
      />
      <div className="timeline-times">
        <span data-testid="timeline-now">{formatOffset(at - playback.start)}</span>
        <span>{formatOffset(span)}</span>
      </div>
    </div>
  );
}
