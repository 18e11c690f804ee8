import { FitAddon } from '@xterm/addon-fit';
import { Terminal } from '@xterm/xterm';
import { useEffect, useRef } from 'react';
import '@xterm/xterm/css/xterm.css';
import type { ReplayTerminalProps } from './replayTerminalTypes.ts';

/**
 * The live environment's terminal as the server recorded it, replayed in xterm up to the moment:
 * moving forward writes only the new output, moving back redraws from the start.
 */
export default function ReplayTerminal({ output, count }: ReplayTerminalProps) {
  const host = useRef<HTMLDivElement>(null);
  const terminal = useRef<{ term: Terminal; written: number } | null>(null);

  useEffect(() => {
    if (!host.current) return;
    const term = new Terminal({ disableStdin: true, convertEol: false, fontSize: 13, scrollback: 5000 });
    const fit = new FitAddon();
    term.loadAddon(fit);
    term.open(host.current);
    fit.fit();
    const observer = new ResizeObserver(() => fit.fit());
    observer.observe(host.current);
    terminal.current = { term, written: 0 };
    return () => {
      observer.disconnect();
      term.dispose();
      terminal.current = null;
    };
  }, []);

  useEffect(() => {
    const state = terminal.current;
    if (!state) return;
    if (count < state.written) {
      state.term.reset();
      state.written = 0;
    }
    const next = output.slice(state.written, count).join('');
    if (next) state.term.write(next);
    state.written = count;
  }, [output, count]);

  return <div className="replay-terminal" ref={host} data-testid="replay-terminal" />;
}
