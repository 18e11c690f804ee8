import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { openTerminalSocket } from '../api.ts';
import { ErrorBoundary } from '../components/ErrorBoundary.tsx';
import { EnvironmentFiles } from './EnvironmentFiles.tsx';
import { useLiveEnvironment } from './useLiveEnvironment.ts';
import './LivePanel.css';

const LiveTerminal = lazy(() => import('./LiveTerminal.tsx'));

function Countdown({ until }: { until: number }) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, []);
  return <>{Math.max(0, Math.ceil((until - now) / 1000))}</>;
}

/**
 * A live challenge's environment: started when the challenge opens, with clear progress while it
 * starts or waits for a free place, then the terminal (xterm, downloaded only here).
 */
export function LivePanel({
  slug,
  readOnly,
  environmentFiles,
}: {
  slug: string;
  readOnly: boolean;
  environmentFiles: readonly string[];
}) {
  const { state, restart } = useLiveEnvironment(slug, !readOnly);
  const openSocket = useCallback(
    (size: { cols: number; rows: number }) => openTerminalSocket(slug, size),
    [slug],
  );
  return (
    <section className="live-panel" aria-label="Terminal">
      <div className="live-panel-header">
        <span>Terminal</span>
        {state.phase === 'ready' && <span className="live-panel-badge">live</span>}
      </div>
      {readOnly && <p className="live-panel-message">The environment stopped when this challenge ended.</p>}
      {!readOnly && state.phase === 'starting' && (
        <p className="live-panel-message" role="status" data-testid="environment-status">
          Starting your environment… (a few seconds)
        </p>
      )}
      {!readOnly && state.phase === 'busy' && (
        <p className="live-panel-message" role="status" data-testid="environment-status">
          {state.reason === 'full'
            ? 'All environments are busy.'
            : 'The servers that run environments are not answering.'}{' '}
          Retrying in <Countdown until={state.retryAt} /> s (attempt {state.attempt}); your work and time are
          safe.
        </p>
      )}
      {!readOnly && state.phase === 'failed' && (
        <div className="live-panel-message" role="alert">
          <p>{state.message}</p>
          <button type="button" className="button" onClick={restart}>
            Try again
          </button>
        </div>
      )}
      {!readOnly && state.phase === 'ready' && (
        <EnvironmentFiles slug={slug} suggestions={environmentFiles} />
      )}
      {!readOnly && state.phase === 'ready' && (
        <ErrorBoundary
          fallback={<p className="live-panel-message">The terminal could not load. Reload the page.</p>}
        >
          <Suspense fallback={<p className="live-panel-message">Loading the terminal…</p>}>
            <LiveTerminal openSocket={openSocket} readOnly={readOnly} onEnvironmentGone={restart} />
          </Suspense>
        </ErrorBoundary>
      )}
    </section>
  );
}
