import { setScreenReaderMode, useScreenReaderMode } from './screenReaderMode.ts';

/**
 * One switch for the screen reader mode of xterm (what the shell prints is read out, the screen can
 * be browsed line by line) and of Monaco. Remembered per browser.
 */
export function ScreenReaderSwitch({
  label = 'Screen reader mode',
  testId = 'terminal-screen-reader',
}: {
  label?: string;
  testId?: string;
}) {
  const on = useScreenReaderMode();
  return (
    <label className="screen-reader-switch">
      <input
        type="checkbox"
        role="switch"
        aria-checked={on}
        checked={on}
        onChange={(event) => setScreenReaderMode(event.target.checked)}
        data-testid={testId}
      />
      {label}
    </label>
  );
}
