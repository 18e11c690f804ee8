/** Props of the lazily loaded code editor, kept apart so importing them never pulls in Monaco. */
export interface EditorDiagnostic {
  line: number;
  column?: number | undefined;
  message: string;
}

export interface RevealRequest {
  line: number;
  column: number;
  /** Bumped on every request, so asking twice for the same line still moves the cursor. */
  seq: number;
}

export interface CodeEditorProps {
  /** Unique per file on the page and stable across renames; keys the editor's model and undo history. */
  modelId: string;
  path: string;
  value: string;
  readOnly: boolean;
  diagnostics: readonly EditorDiagnostic[];
  reveal: RevealRequest | null;
  onChange: (value: string) => void;
  onBlur: () => void;
  /** Ctrl/Cmd+S: candidates press it out of habit, and it should save, not open the browser's dialog. */
  onSave: () => void;
  /** Monaco's content changes as they happen (offsets in UTF-16 code units), for the replay. */
  onContentChanges?: (changes: readonly { rangeOffset: number; rangeLength: number; text: string }[]) => void;
  /** A paste into the editor and its length in characters, for the replay. */
  onPaste?: (size: number) => void;
}
