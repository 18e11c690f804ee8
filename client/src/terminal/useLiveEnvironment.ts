import { useCallback, useEffect, useState } from 'react';
import { ApiError, errorMessage, startLiveEnvironment } from '../api.ts';
import { deadlineMayHaveMoved } from '../attempt/timeCredits.ts';

export type EnvironmentState =
  | { phase: 'starting' }
  /** Every place is taken (`full`), or no engine answers (`unreachable`): retried either way. */
  | { phase: 'busy'; attempt: number; retryAt: number; reason: 'full' | 'unreachable' }
  | { phase: 'ready' }
  | { phase: 'failed'; message: string };

const BUSY_RETRY_MS = 5000;
const MAX_FAILED_RETRIES = 3;

/**
 * Starts the candidate's environment when the challenge opens. When every environment of the
 * server is taken it says so and retries every few seconds; a failure is retried a few times, then
 * shown with its reason. `restart` asks again (after the environment stopped).
 */
export function useLiveEnvironment(slug: string, enabled: boolean) {
  const [state, setState] = useState<EnvironmentState>({ phase: 'starting' });
  const [generation, setGeneration] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new generation is how `restart` asks again
  useEffect(() => {
    if (!enabled) return;
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let busyAttempts = 0;
    let failures = 0;
    const attempt = async () => {
      setState(busyAttempts > 0 ? (s) => s : { phase: 'starting' });
      try {
        await startLiveEnvironment(slug);
        if (!cancelled) setState({ phase: 'ready' });
      } catch (error) {
        if (cancelled) return;
        const id = error instanceof ApiError ? error.id : undefined;
        // The platform's fault: the server gave time back, and the countdown should show it.
        if (id === 'environment_failed' || id === 'environment_lost') deadlineMayHaveMoved();
        if (id === 'environments_busy' || id === 'engines_unavailable') {
          busyAttempts += 1;
          const reason = id === 'environments_busy' ? 'full' : 'unreachable';
          setState({ phase: 'busy', attempt: busyAttempts, retryAt: Date.now() + BUSY_RETRY_MS, reason });
          timer = setTimeout(attempt, BUSY_RETRY_MS);
        } else if (id === 'environment_lost') {
          // Its engine stopped answering: the candidate reads why (and the time given back), then starts anew.
          setState({ phase: 'failed', message: errorMessage(error) });
        } else if (error instanceof ApiError && error.retryable && failures < MAX_FAILED_RETRIES) {
          failures += 1;
          timer = setTimeout(attempt, 1000 * 2 ** failures);
        } else {
          setState({ phase: 'failed', message: errorMessage(error) });
        }
      }
    };
    void attempt();
    return () => {
      cancelled = true;
      if (timer) clearTimeout(timer);
    };
  }, [slug, enabled, generation]);

  const restart = useCallback(() => setGeneration((g) => g + 1), []);
  return { state, restart };
}
