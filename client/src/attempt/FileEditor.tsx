import { ARCHITECTURE_FILE } from '../../../challenges/_lib/architecture/schema.ts';
import type { CandidateChallenge } from '../../../server/contract/api.ts';
import { LazyCollabEditor } from '../collab/LazyCollabEditor.tsx';
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
 * with Monaco one toggle away. Both write through the draft (autosave, the size cap) and the replay;
 * in a live interview, through the shared document.
 */
export function FileEditor({ challenge, session, file, readOnly, diagnostics, reveal }: FileEditorProps) {
  const { draft, shared } = session;
  const text = shared?.textOf(file.id) ?? null;
  const code = shared ? (
    // A live interview: the file is the shared document's, edited together with the interviewers.
    text && (
      <LazyCollabEditor
        modelId={`${challenge.slug}/${file.id}`}
        path={file.path}
        text={text}
        awareness={shared.awareness}
        readOnly={readOnly}
        diagnostics={diagnostics}
        reveal={reveal}
        onSave={() => void draft.flush()}
        onPaste={(size) => session.capture?.paste(file.path, size)}
      />
    )
  ) : (
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
  const writeDiagram = (next: string) => {
    const before = draft.getSnapshot().files.find((f) => f.id === file.id)?.content ?? '';
    const change = textChange(before, next);
    if (change === null) return;
    draft.setContent(file.id, next);
    // The server records a shared document's edits itself, with their author.
    if (!shared) session.capture?.edit(file.path, [change]);
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
