import { useEffect, useState } from 'react';

/** Milliseconds to add to the candidate's clock to get the server's. */
export function clockOffsetMs(serverNow: string, receivedAtMs: number): number {
  const server = Date.parse(serverNow);
  return Number.isNaN(server) ? 0 : server - receivedAtMs;
}

export const serverNowMs = (offsetMs: number): number => Date.now() + offsetMs;

/** Milliseconds left until `deadlineMs` on the server's clock, updated every second. */
export function useRemainingMs(deadlineMs: number, offsetMs: number): number {
  const remaining = () => Math.max(0, deadlineMs - serverNowMs(offsetMs));
  const [left, setLeft] = useState(remaining);
  useEffect(() => {
    const tick = () => setLeft(Math.max(0, deadlineMs - serverNowMs(offsetMs)));
    tick();
    const timer = window.setInterval(tick, 1000);
    return () => window.clearInterval(timer);
  }, [deadlineMs, offsetMs]);
  return left;
}

// setTimeout overflows past 2^31-1 ms, so long waits are re-armed in steps.
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/** True once the server's clock passes `deadlineMs`; re-renders only at that moment. */
export function useDeadlinePassed(deadlineMs: number | null, offsetMs: number): boolean {
  const passed = () => deadlineMs !== null && serverNowMs(offsetMs) >= deadlineMs;
  const [hasPassed, setHasPassed] = useState(passed);
  useEffect(() => {
    if (deadlineMs === null) {
      setHasPassed(false);
      return;
    }
    let timer = 0;
    const check = () => {
      const left = deadlineMs - serverNowMs(offsetMs);
      setHasPassed(left <= 0);
      if (left > 0) timer = window.setTimeout(check, Math.min(left, MAX_TIMEOUT_MS));
    };
    check();
    return () => window.clearTimeout(timer);
  }, [deadlineMs, offsetMs]);
  return hasPassed;
}
