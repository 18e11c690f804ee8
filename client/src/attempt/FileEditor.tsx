import { ARCHITECTURE_FILE } from '../../../challenges/_lib/architecture/schema.ts';
import type { CandidateChallenge } from '../../../server/contract/api.ts';
import { ArchitectureEditor } from '../design/ArchitectureEditor.tsx';
import { textChange } from '../design/architectureText.ts';
import type { EditorDiagnostic, RevealRequest } from '../editor/editorTypes.ts';
import { LazyCodeEditor } from '../editor/LazyCodeEditor.tsx';
import type { DraftFile } from './draft.ts';
import type { ChallengeSession } from './session.ts';

interface FileEditorProps {
  challenge: CandidateChallenge;
  session: ChallengeSession;
  file: DraftFile;
  readOnly: boolean;
  diagnostics: readonly EditorDiagnostic[];
  reveal: RevealRequest | null;
}

/**
 * The open file in Monaco; in a design challenge, architecture.json opens on the diagram instead,
 * with Monaco one toggle away. Both write through the draft (autosave, the size cap) and the replay.
 */
export function FileEditor({ challenge, session, file, readOnly, diagnostics, reveal }: FileEditorProps) {
  const { draft } = session;
  const code = (
    <LazyCodeEditor
      modelId={`${challenge.slug}/${file.id}`}
      path={file.path}
      value={file.content}
      readOnly={readOnly}
      diagnostics={diagnostics}
      reveal={reveal}
      onChange={(content) => draft.setContent(file.id, content)}
      onBlur={() => void draft.flush()}
      onSave={() => void draft.flush()}
      onContentChanges={(changes) => session.capture?.edit(file.path, changes)}
      onPaste={(size) => session.capture?.paste(file.path, size)}
    />
  );
  if (challenge.mode !== 'design' || file.path !== ARCHITECTURE_FILE) return code;
  // The canvas replaces the whole text; the replay gets it as the one edit Monaco would have made.
  const writeDiagram = (text: string) => {
    const before = draft.getSnapshot().files.find((f) => f.id === file.id)?.content ?? '';
    const change = textChange(before, text);
    if (change === null) return;
    draft.setContent(file.id, text);
    session.capture?.edit(file.path, [change]);
  };
  return (
    <ArchitectureEditor
      key={file.id}
      text={file.content}
      readOnly={readOnly}
      {...(readOnly ? {} : { onChange: writeDiagram })}
      textEditor={code}
    />
  );
}
