import { setScreenReaderMode, useScreenReaderMode } from './screenReaderMode.ts';

/**
 * One switch for xterm's screen reader mode: with it on, what the shell prints is read out and the
 * screen can be browsed line by line. Remembered per browser.
 */
export function ScreenReaderSwitch() {
  const on = useScreenReaderMode();
  return (
    <label className="screen-reader-switch">
      <input
        type="checkbox"
        role="switch"
        aria-checked={on}
        checked={on}
        onChange={(event) => setScreenReaderMode(event.target.checked)}
        data-testid="terminal-screen-reader"
      />
      Screen reader mode
    </label>
  );
}
