import { useEffect, useState } from 'react';

export interface Refreshing<T> {
  data: T | null;
  /** The last refresh's failure; `data` keeps the last good answer meanwhile. */
  error: unknown;
  refreshedAt: number | null;
}

/**
 * Loads `load()` now and again every `intervalMs` after each answer (never overlapping), and at
 * once when the tab becomes visible. A new `key` starts over; a null key loads nothing. `load`
 * should be a module-level function: a new one each render would restart the loop.
 */
export function useRefreshing<T>(
  key: string | null,
  load: (key: string) => Promise<T>,
  intervalMs: number,
): Refreshing<T> {
  const [state, setState] = useState<Refreshing<T>>({ data: null, error: null, refreshedAt: null });

  useEffect(() => {
    setState({ data: null, error: null, refreshedAt: null });
    if (key === null) return;
    let stopped = false;
    let timer = 0;
    let running = false;
    const refresh = async () => {
      if (running) return;
      running = true;
      window.clearTimeout(timer);
      try {
        const data = await load(key);
        if (!stopped) setState({ data, error: null, refreshedAt: Date.now() });
      } catch (error) {
        if (!stopped) setState((previous) => ({ ...previous, error }));
      } finally {
        running = false;
        if (!stopped) timer = window.setTimeout(refresh, intervalMs);
      }
    };
    const onVisible = () => {
      if (document.visibilityState === 'visible') void refresh();
    };
    void refresh();
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      stopped = true;
      window.clearTimeout(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [key, load, intervalMs]);

  return state;
}
