import { useEffect, useRef, useState } from 'react';
import { formatDuration } from '../format.ts';
import { useRemainingMs } from './clock.ts';
import { announcedMinutes, announcement, reachedMark } from './countdownAnnouncement.ts';

const URGENT_MS = 5 * 60 * 1000;
// Marks up to ten hours: above the longest time limit, so a long attempt is still announced.
const MARKS = announcedMinutes(600);

/**
 * Time left on the server's clock; turns amber in the last five minutes. The ticking figure is not
 * a live region (a screen reader would read it every second): a polite status beside it says the
 * time left only when it reaches a mark (each quarter hour, then every 5 minutes, the last minute).
 */
export function Countdown({ deadlineMs, offsetMs }: { deadlineMs: number; offsetMs: number }) {
  const left = useRemainingMs(deadlineMs, offsetMs);
  const state = left <= 0 ? 'over' : left <= URGENT_MS ? 'urgent' : 'normal';
  const mark = reachedMark(left, MARKS);
  const lastMark = useRef(mark);
  const [spoken, setSpoken] = useState('');
  useEffect(() => {
    // The mark already reached when the page opens is not news; only crossing a new one is.
    if (mark === lastMark.current) return;
    lastMark.current = mark;
    if (mark !== null) setSpoken(announcement(mark));
  }, [mark]);
  return (
    <>
      <div className={`countdown countdown-${state}`} role="timer" aria-label="Time remaining">
        <span className="countdown-label">{left <= 0 ? 'Time is up' : 'Time left'}</span>
        <span className="countdown-value" data-testid="countdown">
          {formatDuration(left)}
        </span>
      </div>
      <span className="visually-hidden" role="status" data-testid="countdown-announcement">
        {spoken}
      </span>
    </>
  );
}
