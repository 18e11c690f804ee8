export interface LiveTerminalProps {
  slug: string;
  /** The attempt is over: the terminal shows, but takes no input. */
  readOnly: boolean;
  /** The environment stopped (idle, or the server lost it): the page starts it again. */
  onEnvironmentGone: () => void;
}
