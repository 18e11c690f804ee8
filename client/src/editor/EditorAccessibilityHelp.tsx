import { useEffect, useRef, useState } from 'react';
import { Dialog } from '../components/Dialog.tsx';
import { ScreenReaderSwitch } from '../terminal/ScreenReaderSwitch.tsx';

const OPEN_EVENT = 'gauntlet:editor-accessibility-help';

/** Opens the help from inside Monaco (its Alt+F1), which lives in a lazily loaded chunk. */
export function openEditorAccessibilityHelp(): void {
  window.dispatchEvent(new Event(OPEN_EVENT));
}

/**
 * The editor's accessibility help, in place of Monaco's own: standalone Monaco announces "Alt+F1"
 * but has no help behind it since 0.40 (microsoft/monaco-editor#4656). A visible button opens it, and
 * so does Alt+F1 inside the editor; it says how to leave the editor with the keyboard and turns on
 * the screen reader mode of the editor and the terminal.
 */
export function EditorAccessibilityHelp() {
  const [open, setOpen] = useState(false);
  // Where the focus was (Monaco's text area after Alt+F1): closing the help puts it back there.
  const returnTo = useRef<HTMLElement | null>(null);
  const show = () => {
    returnTo.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    setOpen(true);
  };
  useEffect(() => {
    const listener = () => {
      returnTo.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      setOpen(true);
    };
    window.addEventListener(OPEN_EVENT, listener);
    return () => window.removeEventListener(OPEN_EVENT, listener);
  }, []);
  useEffect(() => {
    if (open || !returnTo.current) return;
    returnTo.current.focus();
    returnTo.current = null;
  }, [open]);
  const close = () => setOpen(false);
  return (
    <>
      <button
        type="button"
        className="button button-small"
        aria-keyshortcuts="Alt+F1"
        onClick={show}
        data-testid="editor-accessibility-help"
      >
        Alt+F1: editor accessibility help
      </button>
      {open && (
        <Dialog
          title="Editor accessibility help"
          onCancel={close}
          actions={
            <button type="button" className="button button-primary" onClick={close}>
              Close
            </button>
          }
        >
          <div data-testid="editor-accessibility-help-dialog">
            <ul>
              <li>
                <kbd>Tab</kbd> indents inside the editor. Press <kbd>Ctrl</kbd>+<kbd>M</kbd> (on a Mac{' '}
                <kbd>Ctrl</kbd>+<kbd>Shift</kbd>+<kbd>M</kbd>) to make <kbd>Tab</kbd> move the focus out of
                the editor instead; press it again to indent once more.
              </li>
              <li>
                <kbd>F1</kbd> lists every editor command with its shortcut.
              </li>
              <li>
                <kbd>Ctrl</kbd>+<kbd>S</kbd> saves now; your work is also saved as you type.
              </li>
              <li>
                <kbd>F8</kbd> moves to the next problem a check run marked in the file.
              </li>
            </ul>
            <ScreenReaderSwitch
              label="Screen reader mode for the editor and the terminal"
              testId="editor-screen-reader"
            />
          </div>
        </Dialog>
      )}
    </>
  );
}
