import { useState } from 'react';
import { FileTree } from '../attempt/FileTree.tsx';
import { useStore } from '../attempt/store.ts';
import { LazyCollabEditor } from '../collab/LazyCollabEditor.tsx';
import type { SharedChallenge } from '../collab/sharedChallenge.ts';
import { ParticipantList } from './ParticipantList.tsx';

/** The challenge's shared files as the candidate edits them: the tree, and the open file in Monaco. */
export function SharedFiles({
  shared,
  slug,
  readOnly,
}: {
  shared: SharedChallenge;
  slug: string;
  readOnly: boolean;
}) {
  const files = useStore(shared.files);
  const status = useStore(shared.status);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  // Until chosen, or when another participant deletes it, the first file is open.
  const selected = files.find((f) => f.id === selectedId) ?? files[0] ?? null;
  const locked = readOnly || status.readOnly || !status.synced;
  const treeFiles = files.map(({ id, path }) => ({ id, path, content: '' }));
  return (
    <div className="room-files">
      <FileTree
        files={treeFiles}
        selectedId={selected?.id ?? null}
        readOnly={locked}
        onSelect={setSelectedId}
        onCreate={(path) => setSelectedId(shared.addFile(path).id)}
        onRename={shared.renameFile}
        onDelete={shared.deleteFile}
      />
      <section className="room-editor" aria-label="Shared editor">
        <div className="room-editor-toolbar">
          <span className="editor-path">{selected?.path ?? 'No file'}</span>
          <span className="room-sync" data-testid="collab-status">
            {status.denied
              ? `Refused: ${status.denied}`
              : status.connection !== 'connected'
                ? 'Connecting…'
                : !status.synced
                  ? 'Loading the shared files…'
                  : status.unsynced > 0
                    ? 'Sending…'
                    : 'In sync'}
          </span>
          {shared.awareness && <ParticipantList awareness={shared.awareness} />}
        </div>
        <div className="room-editor-area">
          {selected ? (
            <LazyCollabEditor
              modelId={`staff/${slug}/${selected.id}`}
              path={selected.path}
              text={selected.text}
              awareness={shared.awareness}
              readOnly={locked}
            />
          ) : (
            <p className="editor-empty">{status.synced ? 'No files yet.' : 'Loading the shared files…'}</p>
          )}
        </div>
      </section>
    </div>
  );
}
