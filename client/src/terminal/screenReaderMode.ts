/**
 * The candidate's choice of xterm's screen reader mode, remembered per browser (localStorage) and
 * shared by every terminal on the page. Off unless asked for: the mode keeps an accessible copy of
 * the screen in the page, which a sighted user does not need.
 */
import { useSyncExternalStore } from 'react';

const KEY = 'gauntlet.terminal.screenReaderMode';
const listeners = new Set<() => void>();
// What the switch says when storage is refused (privacy settings): remembered for this page only.
let fallback = false;

function read(): boolean {
  try {
    return window.localStorage.getItem(KEY) === 'on';
  } catch {
    return fallback;
  }
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  // Another tab of the same browser changed it.
  window.addEventListener('storage', listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', listener);
  };
}

/** Turns the mode on or off for every terminal in this browser. */
export function setScreenReaderMode(on: boolean): void {
  fallback = on;
  try {
    window.localStorage.setItem(KEY, on ? 'on' : 'off');
  } catch {
    // Kept in `fallback` instead.
  }
  for (const listener of listeners) listener();
}

/** Whether xterm's screen reader mode is on in this browser. */
export function useScreenReaderMode(): boolean {
  return useSyncExternalStore(subscribe, read);
}
