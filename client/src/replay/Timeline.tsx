import { type RefObject, useLayoutEffect, useRef, useState } from 'react';
import type { ReplayNote } from '../../../server/contract/events.ts';
import { formatOffset, markerLabel, type Playback, timeOfSeq } from './playback.ts';
import './Timeline.css';

/** Centres of two clickable markers are at least this far apart (WCAG 2.2 target spacing, 24 px). */
export const MARKER_SPACING_PX = 24;

/**
 * Where each marker's centre goes on a track `width` px wide, from where its moment is (0-1), in
 * the same order: moments closer than `spacing` are pushed apart (rightwards, then back from the
 * right end), so a run and a submission of the same second stay two targets one can press.
 */
export function spreadMarkers(
  fractions: readonly number[],
  width: number,
  spacing = MARKER_SPACING_PX,
): number[] {
  const order = fractions
    .map((f, i) => ({ i, x: Math.min(Math.max(f, 0), 1) * width }))
    .sort((a, b) => a.x - b.x);
  for (let k = 1; k < order.length; k++) {
    const prev = order[k - 1];
    const cur = order[k];
    if (prev && cur) cur.x = Math.max(cur.x, prev.x + spacing);
  }
  for (let k = order.length - 1; k >= 0; k--) {
    const next = order[k + 1];
    const cur = order[k];
    if (cur) cur.x = Math.max(0, Math.min(cur.x, next ? next.x - spacing : width));
  }
  const placed: number[] = new Array(fractions.length).fill(0);
  for (const { i, x } of order) placed[i] = x;
  return placed;
}

/** The width of an element in px, kept current as it resizes; 0 before it is laid out. */
function useWidth(ref: RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    setWidth(element.clientWidth);
    const observer = new ResizeObserver(() => setWidth(element.clientWidth));
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref]);
  return width;
}

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
  const fraction = (t: number) => (span > 0 ? Math.min(Math.max(t - playback.start, 0), span) / span : 0);
  const left = (t: number) => `${fraction(t) * 100}%`;
  const noteTime = (seq: number) => timeOfSeq(playback, seq);
  const track = useRef<HTMLDivElement>(null);
  const width = useWidth(track);
  // Every marker one presses at a moment (bands of time keep their span), spread to be pressable.
  const isBand = (kind: string) => kind === 'away' || kind === 'staff';
  const pointMarkers = playback.markers.filter((m) => !isBand(m.kind));
  const pointIndex = new Map(pointMarkers.map((m, i) => [m, i]));
  const spread =
    width > 0
      ? spreadMarkers(
          [...pointMarkers.map((m) => fraction(m.at)), ...notes.map((n) => fraction(noteTime(n.seq)))],
          width,
        )
      : undefined;
  const pointLeft = (index: number, t: number) => {
    const x = spread?.[index];
    return x === undefined ? left(t) : `${x}px`;
  };
  return (
    <div className="timeline" data-testid="timeline">
      <div className="timeline-track" ref={track}>
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
                : { left: pointLeft(pointIndex.get(marker) ?? -1, marker.at) }
            }
            title={markerLabel(marker, playback.start)}
            aria-label={markerLabel(marker, playback.start)}
            data-testid={`marker-${marker.kind}`}
            onClick={() => onSeek(marker.at)}
          />
        ))}
        {notes.map((note, index) => (
          <button
            key={note.id}
            type="button"
            className="timeline-marker timeline-marker-note"
            style={{ left: pointLeft(pointMarkers.length + index, noteTime(note.seq)) }}
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
