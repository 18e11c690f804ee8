import { Editor, type OnMount } from '@monaco-editor/react';
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { CodeEditorProps } from './editorTypes.ts';
import { languageForPath } from './languages.ts';
import { monaco } from './monacoSetup.ts';

const MARKER_OWNER = 'gauntlet-grading';

/** Monaco editing one workspace file; the lazy-loaded default export of the editor chunk. */
export default function CodeEditor({
  modelId,
  path,
  value,
  readOnly,
  diagnostics,
  reveal,
  onChange,
  onBlur,
  onSave,
  onContentChanges,
  onPaste,
}: CodeEditorProps) {
  const [editor, setEditor] = useState<monaco.editor.IStandaloneCodeEditor | null>(null);
  // Monaco keeps the listeners registered at mount; refs let them call the latest callbacks.
  const callbacks = useRef({ onBlur, onSave });
  useEffect(() => {
    callbacks.current = { onBlur, onSave };
  }, [onBlur, onSave]);
  // The replay's listeners name the file: they must follow a file switch before Monaco's own
  // (passive) effects switch the model, so a change made while switching is not put on the old path.
  const replayCallbacks = useRef({ onContentChanges, onPaste });
  useLayoutEffect(() => {
    replayCallbacks.current = { onContentChanges, onPaste };
  }, [onContentChanges, onPaste]);

  const handleMount: OnMount = (mounted) => {
    mounted.onDidBlurEditorText(() => callbacks.current.onBlur());
    mounted.onDidChangeModelContent((event) => replayCallbacks.current.onContentChanges?.(event.changes));
    mounted.onDidPaste((event) => {
      const size = mounted.getModel()?.getValueLengthInRange(event.range) ?? 0;
      replayCallbacks.current.onPaste?.(size);
    });
    mounted.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyS, () => callbacks.current.onSave());
    setEditor(mounted);
  };

  const options = useMemo<monaco.editor.IStandaloneEditorConstructionOptions>(
    () => ({
      readOnly,
      readOnlyMessage: { value: 'This file can no longer be edited.' },
      automaticLayout: true,
      minimap: { enabled: false },
      fontSize: 13,
      tabSize: 2,
      scrollBeyondLastLine: false,
      renderWhitespace: 'selection',
      fixedOverflowWidgets: true,
    }),
    [readOnly],
  );

  const modelUri = `inmemory://gauntlet/${modelId}`;

  // Grading diagnostics become squiggles in the file they name.
  useEffect(() => {
    // The model exists once the editor has mounted and switched to this file.
    const model = editor && monaco.editor.getModel(monaco.Uri.parse(modelUri));
    if (!model) return;
    monaco.editor.setModelMarkers(
      model,
      MARKER_OWNER,
      diagnostics.map((d) => {
        const line = Math.max(1, d.line);
        const column = Math.max(1, d.column ?? 1);
        return {
          severity: monaco.MarkerSeverity.Error,
          message: d.message,
          startLineNumber: line,
          startColumn: column,
          endLineNumber: line,
          endColumn:
            d.column === undefined
              ? model.getLineMaxColumn(Math.min(line, model.getLineCount()))
              : column + 1,
        };
      }),
    );
  }, [editor, modelUri, diagnostics]);

  useEffect(() => {
    if (!editor || !reveal) return;
    const position = { lineNumber: Math.max(1, reveal.line), column: Math.max(1, reveal.column) };
    editor.revealPositionInCenter(position);
    editor.setPosition(position);
    editor.focus();
  }, [editor, reveal]);

  return (
    <Editor
      path={modelUri}
      language={languageForPath(path)}
      value={value}
      theme="vs-dark"
      options={options}
      onMount={handleMount}
      onChange={(next) => onChange(next ?? '')}
      loading={<p className="editor-fallback">Starting editor…</p>}
    />
  );
}
