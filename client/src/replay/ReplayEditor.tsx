import { DiffEditor, Editor } from '@monaco-editor/react';
import { languageForPath } from '../editor/languages.ts';
import '../editor/monacoSetup.ts';
import { EDITOR_THEME } from '../editor/editorTheme.ts';
import type { ReplayEditorProps } from './replayEditorTypes.ts';

const OPTIONS = {
  readOnly: true,
  domReadOnly: true,
  automaticLayout: true,
  minimap: { enabled: false },
  fontSize: 13,
  scrollBeyondLastLine: false,
  renderWhitespace: 'selection',
} as const;

/** Read-only Monaco showing one file at the replay's moment, or its diff against a base. */
export default function ReplayEditor({ path, content, base }: ReplayEditorProps) {
  const language = languageForPath(path);
  if (base !== null) {
    return (
      <DiffEditor
        original={base}
        modified={content}
        language={language}
        theme={EDITOR_THEME}
        originalModelPath={`inmemory://replay-base/${path}`}
        modifiedModelPath={`inmemory://replay/${path}`}
        options={{ ...OPTIONS, originalEditable: false, renderSideBySide: true }}
        loading={<p className="editor-fallback">Starting editor…</p>}
      />
    );
  }
  return (
    <Editor
      path={`inmemory://replay/${path}`}
      language={language}
      value={content}
      theme={EDITOR_THEME}
      options={OPTIONS}
      loading={<p className="editor-fallback">Starting editor…</p>}
    />
  );
}
