import { useState } from 'react';
import { errorMessage } from '../api.ts';

/**
 * Runs a staff page's action (create, revoke, toggle…) one at a time: `busy` while it runs, its
 * failure as `error`, and the page's data refreshed after it succeeds.
 */
export function useStaffAction(refresh: () => Promise<unknown>) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const act = async (work: () => Promise<unknown>) => {
    setError(null);
    setBusy(true);
    try {
      await work();
      await refresh();
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setBusy(false);
    }
  };
  return { act, busy, error };
}
