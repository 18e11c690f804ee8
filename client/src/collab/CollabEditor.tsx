import { Editor, type OnMount } from '@monaco-editor/react';
import { useEffect, useRef, useState } from 'react';
import { MonacoBinding } from 'y-monaco';
import { addAccessibilityHelp } from '../editor/accessibilityHelpAction.ts';
import { useEditorOptions, useGradingMarkers, useReveal } from '../editor/editorHooks.ts';
import { languageForPath } from '../editor/languages.ts';
import { monaco } from '../editor/monacoSetup.ts';
import type { CollabEditorProps } from './collabEditorTypes.ts';
import { styleRemoteCursors } from './remoteCursors.ts';
import './CollabEditor.css';
import { EDITOR_THEME } from '../editor/editorTheme.ts';

/**
 * Monaco bound to one shared file: every keystroke goes into the Y.Text, every remote change comes
 * out of it, and the other participants' cursors show with their name and colour. The lazy-loaded
 * default export of the collaborative editor chunk; mount one per file (key it by `modelId`).
 */
export default function CollabEditor({
  modelId,
  path,
  text,
  awareness,
  readOnly,
  diagnostics = [],
  reveal = null,
  onSave,
  onPaste,
}: CollabEditorProps) {
  const [editor, setEditor] = useState<monaco.editor.IStandaloneCodeEditor | null>(null);
  const callbacks = useRef({ onSave, onPaste });
  useEffect(() => {
    callbacks.current = { onSave, onPaste };
  }, [onSave, onPaste]);

  const handleMount: OnMount = (mounted) => {
    mounted.onDidPaste((event) => {
      const size = mounted.getModel()?.getValueLengthInRange(event.range) ?? 0;
      callbacks.current.onPaste?.(size);
    });
    mounted.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyS, () => callbacks.current.onSave?.());
    addAccessibilityHelp(mounted);
    setEditor(mounted);
  };

  // The binding sets the model to the Y.Text's content and keeps both in step from then on.
  useEffect(() => {
    const model = editor?.getModel();
    if (!editor || !model) return;
    const binding = new MonacoBinding(text, model, new Set([editor]), awareness);
    return () => binding.destroy();
  }, [editor, text, awareness]);

  useEffect(() => (awareness ? styleRemoteCursors(awareness) : undefined), [awareness]);

  const modelUri = `inmemory://gauntlet-shared/${modelId}`;
  useGradingMarkers(editor, diagnostics, modelUri);
  useReveal(editor, reveal);
  const options = useEditorOptions(readOnly, 'You can watch this file, not change it.');

  return (
    <div className="collab-editor" data-testid="collab-editor">
      <Editor
        path={modelUri}
        language={languageForPath(path)}
        defaultValue={text.toString()}
        theme={EDITOR_THEME}
        options={options}
        onMount={handleMount}
        // Kept after unmount, as in CodeEditor: a late worker answer must not read a disposed model.
        // The binding sets a kept model to the shared text when the file is opened again.
        keepCurrentModel
        loading={<p className="editor-fallback">Starting editor…</p>}
      />
    </div>
  );
}
