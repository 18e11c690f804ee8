import { useState } from 'react';
import { errorMessage, readEnvironmentFile, saveEnvironmentFile } from '../api.ts';
import { Dialog } from '../components/Dialog.tsx';
import { LazyCodeEditor } from '../editor/LazyCodeEditor.tsx';
import './EnvironmentFiles.css';

/** Where the files are read and written: by default the assessment challenge's environment. */
export interface EnvironmentFilesApi {
  read(path: string): Promise<{ path: string; content: string }>;
  save(file: { path: string; content: string }): Promise<void>;
}

interface OpenFile {
  path: string;
  content: string;
  saved: string;
}

/**
 * Opens files of the running environment in the editor: the challenge's suggestions or any path
 * typed in. Reads and writes go through the terminal's user, so the editor can do exactly what the
 * shell could; saving writes the file back into the environment.
 */
export function EnvironmentFiles({
  slug,
  suggestions,
  api,
}: {
  slug: string;
  suggestions: readonly string[];
  api?: EnvironmentFilesApi;
}) {
  const [path, setPath] = useState('');
  const [open, setOpen] = useState<OpenFile | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const openFile = async (target: string) => {
    setBusy(true);
    setError(null);
    try {
      const file = await (api ? api.read(target) : readEnvironmentFile(slug, target));
      setOpen({ path: file.path, content: file.content, saved: file.content });
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  const save = async () => {
    if (!open) return;
    setBusy(true);
    setError(null);
    try {
      const file = { path: open.path, content: open.content };
      await (api ? api.save(file) : saveEnvironmentFile(slug, file));
      setOpen({ ...open, saved: open.content });
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="environment-files">
      <form
        className="environment-files-open"
        onSubmit={(event) => {
          event.preventDefault();
          if (path.trim()) void openFile(path.trim());
        }}
      >
        <input
          aria-label="Path of a file in the environment"
          placeholder="/path/to/a/file in the environment"
          value={path}
          onChange={(event) => setPath(event.target.value)}
          data-testid="environment-file-path"
        />
        <button type="submit" className="button" disabled={busy}>
          Open
        </button>
        {suggestions.map((suggestion) => (
          <button
            key={suggestion}
            type="button"
            className="button button-small"
            onClick={() => void openFile(suggestion)}
          >
            {suggestion}
          </button>
        ))}
      </form>
      {error && !open && (
        <p className="environment-files-error" role="alert">
          {error}
        </p>
      )}
      {open && (
        <Dialog
          title={open.path}
          onCancel={() => setOpen(null)}
          onSubmit={() => void save()}
          actions={
            <>
              {error && <span className="environment-files-error">{error}</span>}
              <span className="environment-files-state">
                {open.content === open.saved ? 'Saved in the environment' : 'Not saved'}
              </span>
              <button type="button" className="button" onClick={() => setOpen(null)}>
                Close
              </button>
              <button
                type="submit"
                className="button button-primary"
                disabled={busy}
                data-testid="environment-file-save"
              >
                Save to the environment
              </button>
            </>
          }
        >
          <div className="environment-files-editor" data-testid="environment-file-editor">
            <LazyCodeEditor
              modelId={`environment:${slug}:${open.path}`}
              path={open.path}
              value={open.content}
              readOnly={false}
              diagnostics={[]}
              reveal={null}
              onChange={(content) => setOpen((current) => (current ? { ...current, content } : current))}
              onBlur={() => {}}
              onSave={() => void save()}
            />
          </div>
        </Dialog>
      )}
    </div>
  );
}
