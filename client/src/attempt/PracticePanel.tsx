import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import type { PracticeCheckRun, PracticeView } from '../../../server/contract/practice.ts';
import { ApiError, errorMessage } from '../api.ts';
import { ErrorBoundary } from '../components/ErrorBoundary.tsx';
import { Markdown } from '../components/Markdown.tsx';
import {
  getPractice,
  openPracticeTerminalSocket,
  practiceFiles,
  runPracticeCheck,
  startPracticeEnvironment,
} from '../practiceApi.ts';
import { EnvironmentFiles } from '../terminal/EnvironmentFiles.tsx';
import { RequirementList } from './RequirementList.tsx';
import '../terminal/LivePanel.css';

const LiveTerminal = lazy(() => import('../terminal/LiveTerminal.tsx'));

type Environment =
  | { phase: 'idle' }
  | { phase: 'starting' }
  | { phase: 'ready' }
  | { phase: 'failed'; message: string };

const BUSY_RETRY_MS = 5000;

/** Starts the practice environment on request; waits and asks again while every place is taken. */
function usePracticeEnvironment() {
  const [state, setState] = useState<Environment>({ phase: 'idle' });
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    if (generation === 0) return;
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const attempt = async () => {
      setState({ phase: 'starting' });
      try {
        await startPracticeEnvironment();
        if (!cancelled) setState({ phase: 'ready' });
      } catch (error) {
        if (cancelled) return;
        if (error instanceof ApiError && error.id === 'environments_busy')
          timer = setTimeout(attempt, BUSY_RETRY_MS);
        else setState({ phase: 'failed', message: errorMessage(error) });
      }
    };
    void attempt();
    return () => {
      cancelled = true;
      if (timer) clearTimeout(timer);
    };
  }, [generation]);
  const start = useCallback(() => setGeneration((g) => g + 1), []);
  // Stopped while idle: the candidate starts it again when they come back, never the page by itself.
  const stopped = useCallback(
    () =>
      setState({
        phase: 'failed',
        message:
          'The practice environment stopped after a while without use. Start it again whenever you like.',
      }),
    [],
  );
  return { state, start, stopped };
}

function PracticeResult({ run }: { run: PracticeCheckRun }) {
  if (run.error)
    return (
      <p className="notice notice-error" role="alert">
        {run.error}
      </p>
    );
  const passed = run.checks.filter((c) => c.passed).length;
  return (
    <div data-testid="practice-result">
      <p role="status">
        {passed} of {run.checks.length} practice checks pass
        {passed === run.checks.length ? ': well done.' : '.'}
      </p>
      <ul className="practice-checks">
        {run.checks.map((check) => (
          <li key={check.id} data-testid={`practice-check-${check.id}`} data-passed={check.passed}>
            <span className={`system-check-verdict verdict-${check.passed ? 'ok' : 'fail'}`}>
              {check.passed ? 'Passed' : 'Not yet'}
            </span>{' '}
            <strong>{check.title}</strong>
            <span className="practice-check-message">{check.message}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

/**
 * The untimed practice on the intro page: a small real live challenge (a file to fix, a terminal,
 * a check) in its own environment. Nothing here is recorded or counted, and the clock stays still.
 */
export function PracticePanel() {
  const [view, setView] = useState<PracticeView | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [lastCheck, setLastCheck] = useState<PracticeCheckRun | null>(null);
  const [checking, setChecking] = useState(false);
  const [checkError, setCheckError] = useState<string | null>(null);
  const { state, start, stopped } = usePracticeEnvironment();

  useEffect(() => {
    getPractice().then(
      (loaded) => {
        setView(loaded);
        if (loaded.available) {
          setLastCheck(loaded.lastCheck);
          // A practice still running from before a reload: connect to it again.
          if (loaded.environment === 'ready') start();
        }
      },
      (error: unknown) => setLoadError(errorMessage(error)),
    );
  }, [start]);

  const runCheck = async () => {
    setChecking(true);
    setCheckError(null);
    try {
      setLastCheck(await runPracticeCheck());
    } catch (error) {
      setCheckError(errorMessage(error));
    } finally {
      setChecking(false);
    }
  };

  if (loadError) return <p className="notice notice-error">The practice could not load: {loadError}</p>;
  if (!view?.available) return null;
  return (
    <section className="panel practice" aria-labelledby="practice-title" data-testid="practice">
      <h2 id="practice-title">{view.title}</h2>
      <p className="intro-summary">
        {view.summary} Untimed: its environment stops after {view.limits.idleMinutes} idle minutes and lasts
        at most {view.limits.lifetimeMinutes} minutes; start it again whenever you like.
      </p>
      <Markdown source={view.brief} />
      <h3>Requirements</h3>
      <RequirementList requirements={view.requirements} />
      {(state.phase === 'idle' || state.phase === 'failed') && (
        <div className="practice-actions">
          {state.phase === 'failed' && (
            <p className="notice notice-error" role="alert">
              {state.message}
            </p>
          )}
          <button type="button" className="button" onClick={start} data-testid="practice-start">
            {state.phase === 'failed' ? 'Try the practice again' : 'Start the practice'}
          </button>
        </div>
      )}
      {state.phase === 'starting' && (
        <p role="status" data-testid="practice-status">
          Starting the practice environment… (a few seconds)
        </p>
      )}
      {state.phase === 'ready' && (
        <div className="live-panel practice-live" data-testid="practice-live">
          <EnvironmentFiles slug="practice" suggestions={view.files} api={practiceFiles} />
          <ErrorBoundary
            fallback={<p className="live-panel-message">The terminal could not load. Reload the page.</p>}
          >
            <Suspense fallback={<p className="live-panel-message">Loading the terminal…</p>}>
              <LiveTerminal
                openSocket={openPracticeTerminalSocket}
                readOnly={false}
                onEnvironmentGone={stopped}
              />
            </Suspense>
          </ErrorBoundary>
        </div>
      )}
      {state.phase === 'ready' && (
        <div className="practice-actions">
          <button
            type="button"
            className="button"
            onClick={() => void runCheck()}
            disabled={checking}
            data-testid="practice-check"
          >
            {checking ? 'Checking…' : 'Run the practice check'}
          </button>
          {checkError && (
            <p className="notice notice-error" role="alert">
              {checkError}
            </p>
          )}
        </div>
      )}
      {lastCheck && <PracticeResult run={lastCheck} />}
    </section>
  );
}
