import { useCallback, useEffect, useRef, useState } from 'react';
import { type Playback, skipIdle } from './playback.ts';

export const SPEEDS = [1, 2, 4, 8, 16] as const;
export type Speed = (typeof SPEEDS)[number];

export interface PlaybackControls {
  at: number;
  playing: boolean;
  speed: Speed;
  skipIdle: boolean;
  play: () => void;
  pause: () => void;
  toggle: () => void;
  seek: (at: number) => void;
  setSpeed: (speed: Speed) => void;
  setSkipIdle: (skip: boolean) => void;
}

/** The playback clock: a moment of the attempt (the end, or `startAt`) that advances at 1×–16× while playing. */
export function usePlayback(playback: Playback, startAt?: number): PlaybackControls {
  const [at, setAt] = useState(startAt ?? playback.end);
  const [playing, setPlaying] = useState(false);
  const [speed, setSpeed] = useState<Speed>(4);
  const [skip, setSkip] = useState(true);
  const atRef = useRef(at);
  atRef.current = at;

  const seek = useCallback(
    (next: number) => setAt(Math.min(playback.end, Math.max(playback.start, next))),
    [playback],
  );

  useEffect(() => {
    if (!playing) return;
    let frame = 0;
    let last = performance.now();
    const step = (now: number) => {
      let next = atRef.current + (now - last) * speed;
      last = now;
      if (skip) next = skipIdle(playback, next);
      if (next >= playback.end) {
        setAt(playback.end);
        setPlaying(false);
        return;
      }
      setAt(next);
      frame = requestAnimationFrame(step);
    };
    frame = requestAnimationFrame(step);
    return () => cancelAnimationFrame(frame);
  }, [playing, speed, skip, playback]);

  const play = useCallback(() => {
    if (atRef.current >= playback.end) setAt(playback.start);
    setPlaying(true);
  }, [playback]);
  const pause = useCallback(() => setPlaying(false), []);

  return {
    at,
    playing,
    speed,
    skipIdle: skip,
    play,
    pause,
    toggle: () => (playing ? pause() : play()),
    seek,
    setSpeed,
    setSkipIdle: setSkip,
  };
}

/** Space plays or pauses, arrows step 5 s (30 s with Shift), [ and ] change speed, Home and End jump. */
export function usePlaybackKeys(controls: PlaybackControls, playback: Playback): void {
  const ref = useRef(controls);
  ref.current = controls;
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (target?.closest('input, textarea, select, [contenteditable="true"], .monaco-editor')) return;
      const c = ref.current;
      const step = event.shiftKey ? 30_000 : 5000;
      const action = actionFor(event.key, c, step, playback);
      if (!action || event.ctrlKey || event.metaKey || event.altKey) return;
      event.preventDefault();
      action();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [playback]);
}

/** What a key does to the playback, if anything. */
function actionFor(key: string, c: PlaybackControls, step: number, playback: Playback): (() => void) | null {
  const index = SPEEDS.indexOf(c.speed);
  switch (key) {
    case ' ':
    case 'k':
      return c.toggle;
    case 'ArrowLeft':
      return () => c.seek(c.at - step);
    case 'ArrowRight':
      return () => c.seek(c.at + step);
    case 'Home':
      return () => c.seek(playback.start);
    case 'End':
      return () => c.seek(playback.end);
    case '[':
      return () => c.setSpeed(SPEEDS[Math.max(0, index - 1)] ?? 1);
    case ']':
      return () => c.setSpeed(SPEEDS[Math.min(SPEEDS.length - 1, index + 1)] ?? 16);
    default:
      return null;
  }
}
