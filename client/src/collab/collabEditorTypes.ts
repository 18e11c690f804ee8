/** Props of the lazily loaded collaborative editor, kept apart so importing them never pulls in Monaco. */
import type { Awareness } from 'y-protocols/awareness';
import type * as Y from 'yjs';
import type { EditorDiagnostic, RevealRequest } from '../editor/editorTypes.ts';

export interface CollabEditorProps {
  /** Unique per shared file on the page; a rename makes a new file, so a new model. */
  modelId: string;
  path: string;
  text: Y.Text;
  awareness: Awareness | null;
  readOnly: boolean;
  diagnostics?: readonly EditorDiagnostic[];
  reveal?: RevealRequest | null;
  /** Ctrl/Cmd+S: asks the server to hold everything now. */
  onSave?: () => void;
  /** A paste into the editor and its length in characters, for the replay. */
  onPaste?: (size: number) => void;
}
