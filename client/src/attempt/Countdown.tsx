import { formatDuration } from '../format.ts';
import { useRemainingMs } from './clock.ts';

const URGENT_MS = 5 * 60 * 1000;

/** Time left on the server's clock; turns amber in the last five minutes. */
export function Countdown({ deadlineMs, offsetMs }: { deadlineMs: number; offsetMs: number }) {
  const left = useRemainingMs(deadlineMs, offsetMs);
  const state = left <= 0 ? 'over' : left <= URGENT_MS ? 'urgent' : 'normal';
  return (
    <div className={`countdown countdown-${state}`} role="timer" aria-label="Time remaining">
      <span className="countdown-label">{left <= 0 ? 'Time is up' : 'Time left'}</span>
      <span className="countdown-value" data-testid="countdown">
        {formatDuration(left)}
      </span>
    </div>
  );
}
