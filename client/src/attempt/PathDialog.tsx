import { useId, useState } from 'react';
import { Dialog } from '../components/Dialog.tsx';

interface PathDialogProps {
  title: string;
  confirmLabel: string;
  initialPath: string;
  /** Why a path cannot be used, or null when it can. */
  problem: (path: string) => string | null;
  onSubmit: (path: string) => void;
  onCancel: () => void;
}

/** Asks for a workspace path and explains, in the contract's words, why one is refused. */
export function PathDialog({
  title,
  confirmLabel,
  initialPath,
  problem,
  onSubmit,
  onCancel,
}: PathDialogProps) {
  const [path, setPath] = useState(initialPath);
  const [error, setError] = useState<string | null>(null);
  const inputId = useId();
  const hintId = useId();
  const errorId = useId();

  const submit = () => {
    const trimmed = path.trim();
    const why = problem(trimmed);
    if (why) setError(why);
    else onSubmit(trimmed);
  };

  return (
    <Dialog
      title={title}
      onCancel={onCancel}
      onSubmit={submit}
      actions={
        <>
          <button type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
          <button type="submit" className="button button-primary">
            {confirmLabel}
          </button>
        </>
      }
    >
      <div className="field">
        <label htmlFor={inputId}>File path</label>
        <input
          id={inputId}
          className="input"
          value={path}
          autoFocus
          spellCheck={false}
          autoComplete="off"
          aria-invalid={error !== null}
          aria-describedby={error ? `${hintId} ${errorId}` : hintId}
          onChange={(event) => {
            setPath(event.target.value);
            if (error) setError(problem(event.target.value.trim()));
          }}
        />
        <p id={hintId} className="path-hint">
          Folders come from the path, for example <code>modules/network/main.tf</code>.
        </p>
        {error && (
          <p id={errorId} className="field-error" role="alert" data-testid="path-error">
            {error}
          </p>
        )}
      </div>
    </Dialog>
  );
}
