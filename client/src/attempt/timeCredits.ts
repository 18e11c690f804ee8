/**
 * The deadline can move during an attempt: the platform gives time back after its own fault (a
 * live environment that did not start, checks stuck in a stalled queue). The parts that see such a
 * fault say so here, and the workspace re-reads the attempt to learn the new deadline, rather than
 * every component carrying a callback down to the terminal and the grading tracker.
 */
import { useEffect } from 'react';
import type { TimeCredit } from '../../../server/contract/time-credits.ts';
import { TIME_CREDIT_REASONS } from '../../../server/contract/time-credits.ts';

const listeners = new Set<() => void>();

/** A platform fault was seen: the server may have moved the deadline. */
export function deadlineMayHaveMoved(): void {
  for (const listener of listeners) listener();
}

/** Calls `reload` whenever a fault was seen, while the component is mounted. */
export function useDeadlineRefresh(reload: () => void): void {
  useEffect(() => {
    listeners.add(reload);
    return () => {
      listeners.delete(reload);
    };
  }, [reload]);
}

/** A check run queued longer than this may have been credited (the server's threshold is 2 minutes). */
export const STALLED_GRADING_MS = 2 * 60_000;

/** What the candidate reads: "Time added: 5 min, because the environment did not start." */
export function describeTimeCredit(credit: TimeCredit): string {
  return `Time added: ${credit.appliedMinutes} min, because ${TIME_CREDIT_REASONS[credit.cause]}.`;
}
