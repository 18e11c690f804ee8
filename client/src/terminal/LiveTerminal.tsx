import { FitAddon } from '@xterm/addon-fit';
import { Terminal } from '@xterm/xterm';
import { useEffect, useRef, useState } from 'react';
import '@xterm/xterm/css/xterm.css';
import { openTerminalSocket, TERMINAL_CLOSE } from '../api.ts';
import type { LiveTerminalProps } from './liveTerminalTypes.ts';

type Connection = 'connecting' | 'open' | 'reconnecting' | 'ended';

const RECONNECT_MS = [500, 1000, 2000, 4000, 8000];

/**
 * xterm attached to the environment's shell over a WebSocket: what is typed goes out as bytes,
 * what the shell prints comes back, the size follows the pane. A dropped connection reconnects to
 * the same environment by itself (a new shell; files and processes are still there).
 */
export default function LiveTerminal({ slug, readOnly, onEnvironmentGone }: LiveTerminalProps) {
  const host = useRef<HTMLDivElement>(null);
  const [connection, setConnection] = useState<Connection>('connecting');

  useEffect(() => {
    if (!host.current) return;
    const term = new Terminal({
      fontSize: 13,
      scrollback: 5000,
      cursorBlink: true,
      disableStdin: readOnly,
      fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
      theme: { background: '#1e1e1e' },
    });
    const fit = new FitAddon();
    term.loadAddon(fit);
    term.open(host.current);
    fit.fit();
    let socket: WebSocket | null = null;
    let retries = 0;
    let disposed = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const encoder = new TextEncoder();

    const sendSize = () => {
      if (socket?.readyState === WebSocket.OPEN)
        socket.send(JSON.stringify({ type: 'resize', cols: term.cols, rows: term.rows }));
    };
    const connect = () => {
      setConnection(retries === 0 ? 'connecting' : 'reconnecting');
      const current = openTerminalSocket(slug, { cols: term.cols, rows: term.rows });
      socket = current;
      current.onopen = () => {
        retries = 0;
        setConnection('open');
        term.focus();
      };
      current.onmessage = (event) => {
        if (event.data instanceof ArrayBuffer) term.write(new Uint8Array(event.data));
      };
      current.onclose = (event) => {
        if (disposed || socket !== current) return;
        if (event.code === TERMINAL_CLOSE.notRunning) {
          setConnection('ended');
          onEnvironmentGone();
          return;
        }
        if (event.code === TERMINAL_CLOSE.shellEnded)
          term.write('\r\n[The shell ended; a new one opens.]\r\n');
        const delay = RECONNECT_MS[Math.min(retries, RECONNECT_MS.length - 1)] ?? 8000;
        retries += 1;
        // Past several failures the environment is probably gone: ask the page to start it again.
        if (retries > RECONNECT_MS.length) {
          setConnection('ended');
          onEnvironmentGone();
          return;
        }
        setConnection('reconnecting');
        timer = setTimeout(connect, delay);
      };
    };
    const typed = term.onData((data) => {
      if (socket?.readyState === WebSocket.OPEN) socket.send(encoder.encode(data));
    });
    const resized = term.onResize(sendSize);
    const observer = new ResizeObserver(() => fit.fit());
    observer.observe(host.current);
    connect();
    return () => {
      disposed = true;
      if (timer) clearTimeout(timer);
      observer.disconnect();
      typed.dispose();
      resized.dispose();
      socket?.close();
      term.dispose();
    };
  }, [slug, readOnly, onEnvironmentGone]);

  return (
    <div className="live-terminal">
      {connection !== 'open' && (
        <p className="live-terminal-status" role="status" data-testid="terminal-status">
          {connection === 'connecting' && 'Connecting to your environment…'}
          {connection === 'reconnecting' && 'Connection lost. Reconnecting to the same environment…'}
          {connection === 'ended' && 'The environment is not running.'}
        </p>
      )}
      <div className="live-terminal-screen" ref={host} data-testid="terminal" />
    </div>
  );
}
