import type { KeyboardState } from '../../../server/contract/interview.ts';
import type { TerminalViewer } from './liveTerminalTypes.ts';
import './KeyboardBar.css';

export type KeyboardAction = 'request' | 'give' | 'take_back';

/**
 * Who types in a live interview's shared terminal, and the hand-over: the candidate gives the
 * keyboard to an interviewer who asked and can always take it back; an interviewer asks and gives it
 * back; a shadow watches.
 */
export function KeyboardBar({
  state,
  viewer,
  onAction,
}: {
  state: KeyboardState;
  viewer: TerminalViewer;
  onAction: (action: KeyboardAction) => void;
}) {
  const { holder, requestedBy, mine } = state;
  const button = (action: KeyboardAction, label: string, testId: string) => (
    <button
      type="button"
      className="button button-small"
      onClick={() => onAction(action)}
      data-testid={testId}
    >
      {label}
    </button>
  );
  return (
    <section className="keyboard-bar" aria-label="Keyboard">
      <span className="keyboard-holder" data-testid="keyboard-holder" aria-live="polite">
        {mine ? 'You have the keyboard' : `${holder.name} has the keyboard`}
      </span>
      {viewer === 'candidate' && mine && requestedBy && (
        <>
          <span className="keyboard-request-note">{requestedBy} asked for the keyboard.</span>
          {button('give', `Give keyboard to ${requestedBy}`, 'keyboard-give')}
        </>
      )}
      {viewer === 'candidate' &&
        holder.kind === 'staff' &&
        button('take_back', 'Take the keyboard back', 'keyboard-take-back')}
      {viewer === 'interviewer' && !mine && (
        <>
          {requestedBy && <span className="keyboard-request-note">{requestedBy} asked for it.</span>}
          {button('request', 'Ask for the keyboard', 'keyboard-request')}
        </>
      )}
      {viewer === 'interviewer' && mine && button('give', 'Give it back', 'keyboard-give')}
      {viewer === 'shadow' && <span className="keyboard-watching">Watching (read-only)</span>}
    </section>
  );
}
