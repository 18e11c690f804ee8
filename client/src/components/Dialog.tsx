import { type ReactNode, useEffect, useId, useRef } from 'react';
import './Dialog.css';

interface DialogProps {
  title: string;
  children: ReactNode;
  actions: ReactNode;
  onCancel: () => void;
  onSubmit?: () => void;
}

/** A modal built on the native `<dialog>`: focus trap, Escape to cancel and backdrop for free. */
export function Dialog({ title, children, actions, onCancel, onSubmit }: DialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
    >
      <form
        method="dialog"
        onSubmit={(event) => {
          event.preventDefault();
          onSubmit?.();
        }}
      >
        <h2 id={titleId} className="dialog-title">
          {title}
        </h2>
        <div className="dialog-body">{children}</div>
        <div className="dialog-actions">{actions}</div>
      </form>
    </dialog>
  );
}

interface ConfirmDialogProps {
  title: string;
  children: ReactNode;
  confirmLabel: string;
  confirmTestId?: string;
  danger?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}

/** Asks "are you sure?" with a cancel button and a confirm button. */
export function ConfirmDialog(props: ConfirmDialogProps) {
  const { title, children, confirmLabel, confirmTestId, danger = false, onConfirm, onCancel } = props;
  return (
    <Dialog
      title={title}
      onCancel={onCancel}
      onSubmit={onConfirm}
      actions={
        <>
          <button type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
          <button
            type="submit"
            className={danger ? 'button button-danger' : 'button button-primary'}
            data-testid={confirmTestId}
          >
            {confirmLabel}
          </button>
        </>
      }
    >
      {children}
    </Dialog>
  );
}
