import { lazy, Suspense } from 'react';
import { ErrorBoundary } from '../components/ErrorBoundary.tsx';
import type { ReplayTerminalProps } from './replayTerminalTypes.ts';

const ReplayTerminal = lazy(() => import('./ReplayTerminal.tsx'));

/** xterm, downloaded only for attempts whose log holds terminal sessions. */
export function LazyReplayTerminal(props: ReplayTerminalProps) {
  return (
    <ErrorBoundary fallback={<p className="editor-fallback">The terminal could not load.</p>}>
      <Suspense fallback={<p className="editor-fallback">Loading terminal…</p>}>
        <ReplayTerminal {...props} />
      </Suspense>
    </ErrorBoundary>
  );
}
