interface ReplayFileListProps {
  paths: readonly string[];
  selected: string | null;
  /** Paths whose content differs from the diff's base (or that the base lacks). */
  changed: ReadonlySet<string>;
  onSelect: (path: string) => void;
}

/** The challenge's files at the replay's moment, the shown one highlighted. */
export function ReplayFileList({ paths, selected, changed, onSelect }: ReplayFileListProps) {
  return (
    <nav className="replay-files" aria-label="Files at this moment" data-testid="replay-files">
      <h2 className="replay-side-heading">Files</h2>
      <ul>
        {paths.map((path) => (
          <li key={path}>
            <button
              type="button"
              className="replay-file"
              aria-current={path === selected ? 'true' : undefined}
              onClick={() => onSelect(path)}
              data-testid={`replay-file-${path}`}
            >
              {path}
              {changed.has(path) && (
                <span className="replay-file-changed" title="changed">
                  <span className="visually-hidden">(changed)</span>
                </span>
              )}
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
