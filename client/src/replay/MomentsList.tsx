import { markerLabel, type Playback } from './playback.ts';

/**
 * The timeline's markers as a list to read and jump from: check runs, pastes, time away, and in an
 * interview who did what (complications, keyboard hand-overs, a staff member's edits and typing).
 */
export function MomentsList({ playback, onSeek }: { playback: Playback; onSeek: (at: number) => void }) {
  if (playback.markers.length === 0) return null;
  return (
    <section aria-label="Moments">
      <h2 className="replay-side-heading">Moments</h2>
      <ol className="replay-moments" data-testid="replay-moments">
        {playback.markers.map((marker) => (
          <li key={`${marker.kind}-${marker.at}-${'seq' in marker ? marker.seq : ''}`}>
            <button
              type="button"
              className={`replay-moment replay-moment-${marker.kind}`}
              onClick={() => onSeek(marker.at)}
            >
              {markerLabel(marker, playback.start)}
            </button>
          </li>
        ))}
      </ol>
    </section>
  );
}
