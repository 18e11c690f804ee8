import { useCallback, useEffect, useState } from 'react';
import { ApiError, errorMessage, startLiveEnvironment } from '../api.ts';
import { deadlineMayHaveMoved } from '../attempt/timeCredits.ts';

export type EnvironmentState =
  | { phase: 'starting' }
  | { phase: 'busy'; attempt: number; retryAt: number }
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
        // The platform's fault: the server gave time back, and the countdown should show it.
        if (error instanceof ApiError && error.id === 'environment_failed') deadlineMayHaveMoved();
        if (error instanceof ApiError && error.id === 'environments_busy') {
          busyAttempts += 1;
          setState({ phase: 'busy', attempt: busyAttempts, retryAt: Date.now() + BUSY_RETRY_MS });
          timer = setTimeout(attempt, BUSY_RETRY_MS);
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
