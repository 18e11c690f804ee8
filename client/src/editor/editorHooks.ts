import { useEffect, useMemo } from 'react';
import { useScreenReaderMode } from '../terminal/screenReaderMode.ts';
import type { EditorDiagnostic, RevealRequest } from './editorTypes.ts';
import { monaco } from './monacoSetup.ts';

const MARKER_OWNER = 'gauntlet-grading';

/** Grading diagnostics as squiggles in the model of the file at `modelUri`. */
export function useGradingMarkers(
  editor: monaco.editor.IStandaloneCodeEditor | null,
  diagnostics: readonly EditorDiagnostic[],
  modelUri: string,
): void {
  useEffect(() => {
    // The model exists once the editor has mounted and switched to this file.
    const model = editor && monaco.editor.getModel(monaco.Uri.parse(modelUri));
    if (!model) return;
    monaco.editor.setModelMarkers(
      model,
      MARKER_OWNER,
      diagnostics.map((d) => {
        const line = Math.min(Math.max(1, d.line), model.getLineCount());
        const column = Math.max(1, d.column ?? 1);
        return {
          severity: monaco.MarkerSeverity.Error,
          message: d.message,
          startLineNumber: line,
          startColumn: column,
          endLineNumber: line,
          endColumn: d.column === undefined ? model.getLineMaxColumn(line) : column + 1,
        };
      }),
    );
  }, [editor, diagnostics, modelUri]);
}

/** Moves the cursor to a requested place (a diagnostic clicked in the grading panel). */
export function useReveal(
  editor: monaco.editor.IStandaloneCodeEditor | null,
  reveal: RevealRequest | null,
): void {
  useEffect(() => {
    if (!editor || !reveal) return;
    const position = { lineNumber: Math.max(1, reveal.line), column: Math.max(1, reveal.column) };
    editor.revealPositionInCenter(position);
    editor.setPosition(position);
    editor.focus();
  }, [editor, reveal]);
}

/** The options every workspace editor shares; `readOnlyMessage` says why it cannot be changed. */
export function useEditorOptions(
  readOnly: boolean,
  readOnlyMessage: string,
): monaco.editor.IStandaloneEditorConstructionOptions {
  // The browser cannot tell Monaco a screen reader is running: the candidate's switch does.
  const screenReader = useScreenReaderMode();
  return useMemo(
    () => ({
      accessibilitySupport: screenReader ? 'on' : 'auto',
      readOnly,
      readOnlyMessage: { value: readOnlyMessage },
      automaticLayout: true,
      minimap: { enabled: false },
      fontSize: 13,
      tabSize: 2,
      scrollBeyondLastLine: false,
      renderWhitespace: 'selection',
      fixedOverflowWidgets: true,
    }),
    [readOnly, readOnlyMessage, screenReader],
  );
}
