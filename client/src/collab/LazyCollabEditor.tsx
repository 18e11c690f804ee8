import { lazy, Suspense } from 'react';
import { ErrorBoundary } from '../components/ErrorBoundary.tsx';
import type { CollabEditorProps } from './collabEditorTypes.ts';

const CollabEditor = lazy(() => import('./CollabEditor.tsx'));

/** The collaborative Monaco editor, downloaded on first use like the ordinary one. */
export function LazyCollabEditor(props: CollabEditorProps) {
  return (
    <ErrorBoundary
      fallback={<p className="editor-fallback">The editor could not load. Reload the page to try again.</p>}
    >
      <Suspense fallback={<p className="editor-fallback">Loading editor…</p>}>
        <CollabEditor key={props.modelId} {...props} />
      </Suspense>
    </ErrorBoundary>
  );
}
