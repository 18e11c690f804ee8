import { type PlaybackControls, SPEEDS, type Speed } from './usePlayback.ts';

export type DiffMode = 'none' | 'starter' | 'run';

interface PlaybackBarProps {
  controls: PlaybackControls;
  diff: DiffMode;
  onDiff: (mode: DiffMode) => void;
}

/** Play and pause, speed, skipping idle stretches, and which diff the editor shows. */
export function PlaybackBar({ controls, diff, onDiff }: PlaybackBarProps) {
  return (
    <div className="playback-bar">
      <button
        type="button"
        className="button button-primary"
        onClick={controls.toggle}
        aria-keyshortcuts="Space"
        data-testid="replay-play"
      >
        {controls.playing ? 'Pause' : 'Play'}
      </button>
      <label>
        Speed{' '}
        <select
          className="select"
          value={controls.speed}
          onChange={(event) => controls.setSpeed(Number(event.target.value) as Speed)}
          data-testid="replay-speed"
        >
          {SPEEDS.map((speed) => (
            <option key={speed} value={speed}>
              {speed}×
            </option>
          ))}
        </select>
      </label>
      <label>
        <input
          type="checkbox"
          checked={controls.skipIdle}
          onChange={(event) => controls.setSkipIdle(event.target.checked)}
        />{' '}
        Skip idle
      </label>
      <label>
        Show{' '}
        <select
          className="select"
          value={diff}
          onChange={(event) => onDiff(event.target.value as DiffMode)}
          data-testid="replay-diff"
        >
          <option value="none">the file</option>
          <option value="starter">changes since the starter</option>
          <option value="run">changes since the previous check run</option>
        </select>
      </label>
      <span className="playback-keys">Space play/pause · ←/→ 5 s (Shift 30 s) · [ ] speed</span>
    </div>
  );
}
