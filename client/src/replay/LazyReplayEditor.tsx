import { lazy, Suspense } from 'react';
import { ErrorBoundary } from '../components/ErrorBoundary.tsx';
import type { ReplayEditorProps } from './replayEditorTypes.ts';

const ReplayEditor = lazy(() => import('./ReplayEditor.tsx'));

/** The replay's Monaco, downloaded on first use. */
export function LazyReplayEditor(props: ReplayEditorProps) {
  return (
    <ErrorBoundary
      fallback={<p className="editor-fallback">The editor could not load. Reload the page to try again.</p>}
    >
      <Suspense fallback={<p className="editor-fallback">Loading editor…</p>}>
        <ReplayEditor {...props} />
      </Suspense>
    </ErrorBoundary>
  );
}
