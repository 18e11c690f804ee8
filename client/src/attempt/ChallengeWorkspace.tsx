import { useEffect, useMemo, useState } from 'react';
import type { CandidateChallenge, CandidateGrading } from '../../../server/contract/api.ts';
import type { GradingKind } from '../api.ts';
import type { SharedStatus } from '../collab/sharedChallenge.ts';
import { ConfirmDialog } from '../components/Dialog.tsx';
import { EditorAccessibilityHelp } from '../editor/EditorAccessibilityHelp.tsx';
import type { RevealRequest } from '../editor/editorTypes.ts';
import { LivePanel } from '../terminal/LivePanel.tsx';
import { BriefPanel } from './BriefPanel.tsx';
import type { DraftFile } from './draft.ts';
import { FileEditor } from './FileEditor.tsx';
import { FileTree } from './FileTree.tsx';
import { GradingPanel } from './GradingPanel.tsx';
import { holdsRequests } from './grading.ts';
import { SaveStatus } from './SaveStatus.tsx';
import type { ChallengeSession } from './session.ts';
import { createStateCell, useStore } from './store.ts';
import './ChallengeWorkspace.css';

type Diagnostic = CandidateGrading['diagnostics'][number];

interface ChallengeWorkspaceProps {
  challenge: CandidateChallenge;
  session: ChallengeSession;
  /** Why the files can no longer change, or null while they can. */
  lockedReason: string | null;
  onSubmitted: () => void;
}

/** The file to open first: the top-level one that sorts first (`main.tf` before `modules/…`). */
function firstFileId(files: readonly DraftFile[]): string | null {
  const depth = (file: DraftFile) => file.path.split('/').length;
  const [first] = [...files].sort((a, b) => depth(a) - depth(b) || a.path.localeCompare(b.path));
  return first?.id ?? null;
}

/** One challenge in progress: brief, files, editor, autosave, and the Run checks / Submit actions. */
export function ChallengeWorkspace({
  challenge,
  session,
  lockedReason,
  onSubmitted,
}: ChallengeWorkspaceProps) {
  const { draft, grading } = session;
  const { files, save } = useStore(draft);
  const gradingSnapshot = useStore(grading);
  const [briefOpen, setBriefOpen] = useState(true);
  const [selectedId, setSelectedId] = useState<string | null>(() => firstFileId(files));
  const [reveal, setReveal] = useState<RevealRequest | null>(null);
  const [preparing, setPreparing] = useState<GradingKind | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const [confirmingSubmit, setConfirmingSubmit] = useState(false);

  const selected = files.find((f) => f.id === selectedId) ?? null;
  const sharedWaiting = useSharedWaiting(session);
  const readOnly = lockedReason !== null || sharedWaiting !== null;

  // Shared files arrive after the page opens, and another participant may delete the open one.
  useEffect(() => {
    if (session.shared && selected === null && files.length > 0) setSelectedId(firstFileId(files));
  }, [session.shared, selected, files]);
  const current = gradingSnapshot.grading;
  // A run still queued does not hold the buttons back: a new request replaces it.
  const busy = preparing !== null || holdsRequests(gradingSnapshot);

  const diagnostics = useMemo(
    () => (selected && current ? current.diagnostics.filter((d) => samePath(d.file, selected.path)) : []),
    [current, selected],
  );

  const grade = async (kind: GradingKind) => {
    setActionError(null);
    setPreparing(kind);
    const saved = await draft.flush();
    setPreparing(null);
    if (!saved) {
      setActionError(
        `Your latest changes could not be saved, so ${kind === 'submit' ? 'nothing was submitted' : 'the checks did not start'}. Retry the save, then try again.`,
      );
      return;
    }
    const started = await grading.request(kind);
    if (started && kind === 'submit') onSubmitted();
  };

  const openDiagnostic = (diagnostic: Diagnostic) => {
    const file = files.find((f) => samePath(diagnostic.file, f.path));
    if (!file) return;
    setSelectedId(file.id);
    setReveal({ line: diagnostic.line, column: diagnostic.column ?? 1, seq: (reveal?.seq ?? 0) + 1 });
  };

  return (
    <div className={`challenge-workspace challenge-workspace-${challenge.mode}`}>
      <BriefPanel challenge={challenge} open={briefOpen} onToggle={() => setBriefOpen((open) => !open)} />
      <FileTree
        files={files}
        selectedId={selected?.id ?? null}
        readOnly={readOnly}
        onSelect={setSelectedId}
        onCreate={(path) => setSelectedId(draft.addFile(path).id)}
        onRename={draft.renameFile}
        onDelete={(id) => {
          draft.deleteFile(id);
          if (id === selectedId) setSelectedId(firstFileId(draft.getSnapshot().files));
        }}
      />
      {challenge.mode === 'live' && (
        <LivePanel slug={challenge.slug} readOnly={readOnly} environmentFiles={challenge.environmentFiles} />
      )}
      <section className="editor-column" aria-label="Editor">
        <div className="editor-toolbar">
          <span className="editor-path">{selected?.path ?? 'No file selected'}</span>
          <SaveStatus save={save} onRetry={() => void draft.flush()} />
          <EditorAccessibilityHelp />
          <span className="toolbar-spacer" />
          <button
            type="button"
            className="button"
            disabled={readOnly || busy}
            onClick={() => void grade('run')}
            data-testid="run-checks"
          >
            {preparing === 'run' ? 'Saving…' : 'Run checks'}
          </button>
          <button
            type="button"
            className="button button-primary"
            disabled={readOnly || busy}
            onClick={() => setConfirmingSubmit(true)}
            data-testid="submit"
          >
            {preparing === 'submit' ? 'Saving…' : 'Submit'}
          </button>
        </div>
        {(lockedReason ?? sharedWaiting) && (
          <p className="notice notice-warn editor-locked" role="status">
            {lockedReason ?? sharedWaiting}
          </p>
        )}
        <div className="editor-area" data-testid="editor">
          {selected ? (
            <FileEditor
              challenge={challenge}
              session={session}
              file={selected}
              readOnly={readOnly}
              diagnostics={diagnostics}
              reveal={reveal}
            />
          ) : (
            <p className="editor-empty">
              {files.length === 0
                ? 'No files yet. Use “New file” to create one.'
                : 'Select a file to edit it.'}
            </p>
          )}
        </div>
        <GradingPanel
          snapshot={gradingSnapshot}
          actionError={actionError}
          onOpenDiagnostic={openDiagnostic}
        />
      </section>
      {confirmingSubmit && (
        <ConfirmDialog
          title={`Submit “${challenge.title}”?`}
          confirmLabel="Submit"
          confirmTestId="confirm-submit"
          onCancel={() => setConfirmingSubmit(false)}
          onConfirm={() => {
            setConfirmingSubmit(false);
            void grade('submit');
          }}
        >
          <p>Your saved files are graded one last time, including the hidden checks.</p>
          <p>After submitting you cannot change this challenge any more.</p>
        </ConfirmDialog>
      )}
    </div>
  );
}

/** Why a live interview's shared files cannot be edited yet (connecting, watch-only), or null. */
function useSharedWaiting(session: ChallengeSession): string | null {
  const status = useStore(session.shared?.status ?? NO_SHARED_STATUS);
  if (!status) return null;
  if (status.denied) return `The shared files could not be opened: ${status.denied}`;
  if (!status.synced) return 'Connecting to the shared files…';
  if (status.readOnly) return 'These files are read-only now.';
  return null;
}
const NO_SHARED_STATUS = createStateCell<SharedStatus | null>(null);

/** Graders may name files as `./main.tf`; the workspace says `main.tf`. */
function samePath(reported: string, path: string): boolean {
  return reported.replace(/^\.\//, '') === path;
}
