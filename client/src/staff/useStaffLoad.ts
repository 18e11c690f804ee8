import { useCallback, useEffect, useState } from 'react';
import type { StaffUser } from '../../../server/contract/api.ts';
import { ApiError, getMe } from '../api.ts';
import { navigate } from '../router.tsx';

export type StaffLoad<T> =
  | { phase: 'loading' }
  | { phase: 'failed'; error: unknown }
  | { phase: 'ready'; user: StaffUser; data: T };

/**
 * Loads the signed-in staff member and a page's data together; a 401 goes back to sign-in.
 * `load` must be stable (defined outside the component or memoised).
 */
export function useStaffLoad<T>(load: () => Promise<T>): {
  state: StaffLoad<T>;
  reload: () => Promise<void>;
  /** Loads the data again without going back to "loading"; a failure is thrown to the caller. */
  refresh: () => Promise<void>;
} {
  const [state, setState] = useState<StaffLoad<T>>({ phase: 'loading' });
  const reload = useCallback(async () => {
    setState({ phase: 'loading' });
    try {
      const [user, data] = await Promise.all([getMe(), load()]);
      setState({ phase: 'ready', user, data });
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) navigate('/', { replace: true });
      else setState({ phase: 'failed', error });
    }
  }, [load]);
  const refresh = useCallback(async () => {
    const data = await load();
    setState((previous) => (previous.phase === 'ready' ? { ...previous, data } : previous));
  }, [load]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { state, reload, refresh };
}
