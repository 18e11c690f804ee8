import { useCallback } from 'react';
import { useStaffLoad } from './useStaffLoad.ts';

/** `useStaffLoad` for a page keyed by an id: `load` must be module-level, the key may change. */
export function useStaffData<T>(key: string, load: (key: string) => Promise<T>) {
  const bound = useCallback(() => load(key), [key, load]);
  return useStaffLoad(bound);
}
