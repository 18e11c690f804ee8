import { lazy, Suspense } from 'react';
import { ErrorBoundary } from '../components/ErrorBoundary.tsx';
import type { DesignCanvasProps } from './designCanvasTypes.ts';

const DesignCanvas = lazy(() => import('./DesignCanvas.tsx'));

/** The design canvas, downloaded on first use so only design challenges load xyflow. */
export function LazyDesignCanvas(props: DesignCanvasProps) {
  return (
    <ErrorBoundary
      fallback={
        <p className="editor-fallback">The diagram could not load. Reload the page, or use the text view.</p>
      }
    >
      <Suspense fallback={<p className="editor-fallback">Loading the diagram…</p>}>
        <DesignCanvas {...props} />
      </Suspense>
    </ErrorBoundary>
  );
}
