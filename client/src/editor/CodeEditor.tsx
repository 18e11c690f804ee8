import { Editor, type OnMount } from '@monaco-editor/react';
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useEditorOptions, useGradingMarkers, useReveal } from './editorHooks.ts';
import type { CodeEditorProps } from './editorTypes.ts';
import { languageForPath } from './languages.ts';
import { monaco } from './monacoSetup.ts';

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

  const options = useEditorOptions(readOnly, 'This file can no longer be edited.');
  const modelUri = `inmemory://gauntlet/${modelId}`;
  useGradingMarkers(editor, diagnostics, modelUri);
  useReveal(editor, reveal);

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
