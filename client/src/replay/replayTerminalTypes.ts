/** Props of the lazily loaded replay terminal, kept apart so importing them never pulls in xterm. */
export interface ReplayTerminalProps {
  /** Every output chunk the server recorded, in order. */
  output: readonly string[];
  /** How many of them had been written by the replay's moment. */
  count: number;
}
