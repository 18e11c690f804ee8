import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import type { ParticipantRole } from '../../../server/contract/interview.ts';
import { ErrorBoundary } from '../components/ErrorBoundary.tsx';
import { openStaffTerminalSocket } from '../interviewApi.ts';
import type { TerminalSize } from '../terminal/liveTerminalTypes.ts';
import '../terminal/LivePanel.css';

const LiveTerminal = lazy(() => import('../terminal/LiveTerminal.tsx'));

/** The server refuses staff until the candidate's environment runs; it is asked again this often. */
const WAIT_RETRY_MS = 3000;

/**
 * The candidate's shared terminal as a joined staff member sees it. The environment exists only once
 * the candidate opened the challenge: until then this waits and tries again every few seconds.
 */
export function StaffTerminal({
  interviewId,
  slug,
  role,
}: {
  interviewId: string;
  slug: string;
  role: ParticipantRole;
}) {
  const [waiting, setWaiting] = useState(false);
  const [generation, setGeneration] = useState(0);
  const openSocket = useCallback(
    (size: TerminalSize) => openStaffTerminalSocket(interviewId, slug, size),
    [interviewId, slug],
  );
  const onGone = useCallback(() => setWaiting(true), []);
  useEffect(() => {
    if (!waiting) return;
    const timer = setTimeout(() => {
      setWaiting(false);
      setGeneration((g) => g + 1);
    }, WAIT_RETRY_MS);
    return () => clearTimeout(timer);
  }, [waiting]);

  return (
    <section className="live-panel room-terminal" aria-label="Shared terminal">
      <div className="live-panel-header">
        <span>Terminal</span>
        {role === 'shadow' && <span className="live-panel-badge">read-only</span>}
      </div>
      {waiting ? (
        <p className="live-panel-message" role="status" data-testid="terminal-waiting">
          Waiting for the candidate’s environment… (trying again every few seconds)
        </p>
      ) : (
        <ErrorBoundary
          fallback={<p className="live-panel-message">The terminal could not load. Reload the page.</p>}
        >
          <Suspense fallback={<p className="live-panel-message">Loading the terminal…</p>}>
            <LiveTerminal
              key={generation}
              openSocket={openSocket}
              readOnly={role === 'shadow'}
              viewer={role}
              giveUpIfRefused
              onEnvironmentGone={onGone}
            />
          </Suspense>
        </ErrorBoundary>
      )}
    </section>
  );
}
