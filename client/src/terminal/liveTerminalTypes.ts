export type TerminalSize = { cols: number; rows: number };

/** Who is at this terminal: the candidate, or a staff member of a live interview. */
export type TerminalViewer = 'candidate' | 'interviewer' | 'shadow';

export interface LiveTerminalProps {
  /** Opens the terminal's WebSocket (the candidate's own, or a staff member's view of it); keep it stable. */
  openSocket: (size: TerminalSize) => WebSocket;
  /** The attempt is over: the terminal shows, but takes no input. */
  readOnly: boolean;
  /** The environment stopped (idle, or the server lost it): the page starts it again. */
  onEnvironmentGone: () => void;
  viewer?: TerminalViewer;
  /**
   * Reports the environment gone at the first connection that never opens, instead of reconnecting:
   * staff wait for the candidate's environment that way (the server refuses until it runs).
   */
  giveUpIfRefused?: boolean;
}
