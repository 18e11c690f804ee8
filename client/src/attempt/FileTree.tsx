import { useMemo, useState } from 'react';
import { ConfirmDialog } from '../components/Dialog.tsx';
import type { DraftFile } from './draft.ts';
import { buildFileTree, type FolderNode } from './fileTree.ts';
import { PathDialog } from './PathDialog.tsx';
import { pathProblem } from './paths.ts';
import './FileTree.css';

interface FileTreeProps {
  files: readonly DraftFile[];
  selectedId: string | null;
  readOnly: boolean;
  onSelect: (id: string) => void;
  onCreate: (path: string) => void;
  onRename: (id: string, path: string) => void;
  onDelete: (id: string) => void;
}

type Editing =
  | { kind: 'create' }
  | { kind: 'rename'; file: DraftFile }
  | { kind: 'delete'; file: DraftFile }
  | null;

/** The challenge's files as folders, with new, rename and delete (unless the files are read-only). */
export function FileTree({
  files,
  selectedId,
  readOnly,
  onSelect,
  onCreate,
  onRename,
  onDelete,
}: FileTreeProps) {
  const [editing, setEditing] = useState<Editing>(null);
  const tree = useMemo(() => buildFileTree(files), [files]);
  const paths = files.map((f) => f.path);

  const rowProps = {
    selectedId,
    readOnly,
    onSelect,
    onRename: (file: DraftFile) => setEditing({ kind: 'rename', file }),
    onDelete: (file: DraftFile) => setEditing({ kind: 'delete', file }),
  };

  return (
    <nav className="file-tree" aria-label="Files" data-testid="file-tree">
      <div className="file-tree-header">
        <span className="file-tree-heading">Files</span>
        {!readOnly && (
          <button
            type="button"
            className="button button-small"
            onClick={() => setEditing({ kind: 'create' })}
          >
            New file
          </button>
        )}
      </div>
      {files.length === 0 ? (
        <p className="file-tree-empty">No files yet.</p>
      ) : (
        <FolderList folder={tree} depth={0} {...rowProps} />
      )}

      {editing?.kind === 'create' && (
        <PathDialog
          title="New file"
          confirmLabel="Create"
          initialPath=""
          problem={(path) => pathProblem(path, paths)}
          onCancel={() => setEditing(null)}
          onSubmit={(path) => {
            setEditing(null);
            onCreate(path);
          }}
        />
      )}
      {editing?.kind === 'rename' && (
        <PathDialog
          title={`Rename ${editing.file.path}`}
          confirmLabel="Rename"
          initialPath={editing.file.path}
          problem={(path) => pathProblem(path, paths, editing.file.path)}
          onCancel={() => setEditing(null)}
          onSubmit={(path) => {
            setEditing(null);
            onRename(editing.file.id, path);
          }}
        />
      )}
      {editing?.kind === 'delete' && (
        <ConfirmDialog
          title={`Delete ${editing.file.path}?`}
          confirmLabel="Delete"
          danger
          onCancel={() => setEditing(null)}
          onConfirm={() => {
            setEditing(null);
            onDelete(editing.file.id);
          }}
        >
          <p>The file and its contents are removed from your workspace.</p>
        </ConfirmDialog>
      )}
    </nav>
  );
}

interface RowProps {
  selectedId: string | null;
  readOnly: boolean;
  onSelect: (id: string) => void;
  onRename: (file: DraftFile) => void;
  onDelete: (file: DraftFile) => void;
}

function FolderList({
  folder,
  depth,
  ...rowProps
}: RowProps & { folder: FolderNode<DraftFile>; depth: number }) {
  const indent = { paddingLeft: `${0.75 + depth * 0.9}rem` };
  return (
    <ul className="file-list">
      {folder.folders.map((child) => (
        <li key={child.path}>
          <span className="folder-name" style={indent}>
            {child.name}/
          </span>
          <FolderList folder={child} depth={depth + 1} {...rowProps} />
        </li>
      ))}
      {folder.files.map((file) => (
        <FileRow key={file.id} file={file} indent={indent} {...rowProps} />
      ))}
    </ul>
  );
}

function FileRow({
  file,
  indent,
  selectedId,
  readOnly,
  onSelect,
  onRename,
  onDelete,
}: RowProps & { file: DraftFile; indent: { paddingLeft: string } }) {
  const selected = file.id === selectedId;
  const name = file.path.slice(file.path.lastIndexOf('/') + 1);
  return (
    <li className={selected ? 'file-row file-row-selected' : 'file-row'}>
      <button
        type="button"
        className="file-button"
        style={indent}
        aria-current={selected ? 'true' : undefined}
        title={file.path}
        onClick={() => onSelect(file.id)}
        data-testid={`file-${file.path}`}
      >
        {name}
      </button>
      {!readOnly && (
        <span className="file-actions">
          <button
            type="button"
            className="file-action"
            aria-label={`Rename ${file.path}`}
            title="Rename"
            onClick={() => onRename(file)}
          >
            ✎
          </button>
          <button
            type="button"
            className="file-action"
            aria-label={`Delete ${file.path}`}
            title="Delete"
            onClick={() => onDelete(file)}
          >
            ✕
          </button>
        </span>
      )}
    </li>
  );
}
