import { useSyncExternalStore } from 'react';

/** State outside React that components read with `useStore`; snapshots are replaced, never mutated. */
export interface Store<T> {
  getSnapshot: () => T;
  subscribe: (listener: () => void) => () => void;
}

export interface StateCell<T> extends Store<T> {
  set: (next: T) => void;
}

/** A value with listeners: the smallest store that `useSyncExternalStore` accepts. */
export function createStateCell<T>(initial: T): StateCell<T> {
  let state = initial;
  const listeners = new Set<() => void>();
  return {
    getSnapshot: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    set(next) {
      state = next;
      for (const listener of listeners) listener();
    },
  };
}

export function useStore<T>(store: Store<T>): T {
  return useSyncExternalStore(store.subscribe, store.getSnapshot);
}
