import { useMemo } from 'react';
import { buildFileTree, type FolderNode } from '../attempt/fileTree.ts';

interface ReplayFileListProps {
  paths: readonly string[];
  selected: string | null;
  /** Paths whose content differs from the diff's base (or that the base lacks). */
  changed: ReadonlySet<string>;
  onSelect: (path: string) => void;
}

type Entry = { path: string };

/** The challenge's files at the replay's moment, as folders, the shown one highlighted. */
export function ReplayFileList({ paths, selected, changed, onSelect }: ReplayFileListProps) {
  const tree = useMemo(() => buildFileTree(paths.map((path) => ({ path }))), [paths]);
  return (
    <nav className="replay-files" aria-label="Files at this moment" data-testid="replay-files">
      <h2 className="replay-side-heading">Files</h2>
      <Folder folder={tree} depth={0} selected={selected} changed={changed} onSelect={onSelect} />
    </nav>
  );
}

function Folder({
  folder,
  depth,
  ...props
}: Omit<ReplayFileListProps, 'paths'> & { folder: FolderNode<Entry>; depth: number }) {
  const indent = { paddingLeft: `${0.4 + depth * 0.8}rem` };
  return (
    <ul>
      {folder.folders.map((child) => (
        <li key={child.path}>
          <span className="replay-folder" style={indent}>
            {child.name}/
          </span>
          <Folder folder={child} depth={depth + 1} {...props} />
        </li>
      ))}
      {folder.files.map(({ path }) => (
        <li key={path}>
          <button
            type="button"
            className="replay-file"
            style={indent}
            title={path}
            aria-current={path === props.selected ? 'true' : undefined}
            onClick={() => props.onSelect(path)}
            data-testid={`replay-file-${path}`}
          >
            {path.slice(path.lastIndexOf('/') + 1)}
            {props.changed.has(path) && (
              <span className="replay-file-changed" title="changed">
                <span className="visually-hidden">(changed)</span>
              </span>
            )}
          </button>
        </li>
      ))}
    </ul>
  );
}
