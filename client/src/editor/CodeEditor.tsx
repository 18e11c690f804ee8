import { Editor, type OnMount } from '@monaco-editor/react';
import { useEffect, useLayoutEffect, useRef, useState } from 'react';
import { addAccessibilityHelp } from './accessibilityHelpAction.ts';
import { useEditorOptions, useGradingMarkers, useReveal } from './editorHooks.ts';
import { EDITOR_THEME } from './editorTheme.ts';
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

  // The file's text as last rendered, for a model kept from an earlier mount (see keepCurrentModel).
  const latestValue = useRef(value);
  useLayoutEffect(() => {
    latestValue.current = value;
  }, [value]);

  const handleMount: OnMount = (mounted) => {
    // A model kept from an earlier mount may be behind the file (the design canvas edits
    // architecture.json while its text view is closed): bring it up to date before anything listens,
    // so the replay does not record the catch-up as the candidate's edit.
    const model = mounted.getModel();
    if (model && model.getValue() !== latestValue.current) model.setValue(latestValue.current);
    mounted.onDidBlurEditorText(() => callbacks.current.onBlur());
    mounted.onDidChangeModelContent((event) => replayCallbacks.current.onContentChanges?.(event.changes));
    mounted.onDidPaste((event) => {
      const size = mounted.getModel()?.getValueLengthInRange(event.range) ?? 0;
      replayCallbacks.current.onPaste?.(size);
    });
    mounted.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyS, () => callbacks.current.onSave());
    addAccessibilityHelp(mounted);
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
      theme={EDITOR_THEME}
      options={options}
      onMount={handleMount}
      // Models outlive the editor: Monaco's JSON worker may answer a completion after the editor
      // unmounts, and its answer reads the model, which throws once disposed ("TextModelPart is
      // disposed!"). A workspace has a few files; their models live as long as the page.
      keepCurrentModel
      onChange={(next) => onChange(next ?? '')}
      loading={<p className="editor-fallback">Starting editor…</p>}
    />
  );
}
