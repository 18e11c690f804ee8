import { lazy, Suspense } from 'react';
import { ErrorBoundary } from '../components/ErrorBoundary.tsx';
import type { CodeEditorProps } from './editorTypes.ts';

const loadCodeEditor = () => import('./CodeEditor.tsx');
const CodeEditor = lazy(loadCodeEditor);

/** Starts downloading the editor chunk early (say, while the candidate reads the brief). */
export function preloadCodeEditor(): void {
  loadCodeEditor().catch(() => {
    // The real render reports a failed download; a failed warm-up is not worth a message.
  });
}

/** The Monaco editor, downloaded on first use so pages without it never load Monaco. */
export function LazyCodeEditor(props: CodeEditorProps) {
  return (
    <ErrorBoundary
      fallback={<p className="editor-fallback">The editor could not load. Reload the page to try again.</p>}
    >
      <Suspense fallback={<p className="editor-fallback">Loading editor…</p>}>
        <CodeEditor {...props} />
      </Suspense>
    </ErrorBoundary>
  );
}
