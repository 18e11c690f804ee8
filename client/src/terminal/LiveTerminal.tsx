import { FitAddon } from '@xterm/addon-fit';
import { Terminal } from '@xterm/xterm';
import { useEffect, useRef, useState } from 'react';
import '@xterm/xterm/css/xterm.css';
import { type KeyboardState, keyboardStateSchema } from '../../../server/contract/interview.ts';
import { TERMINAL_CLOSE } from '../api.ts';
import { type KeyboardAction, KeyboardBar } from './KeyboardBar.tsx';
import type { LiveTerminalProps } from './liveTerminalTypes.ts';
import { ScreenReaderSwitch } from './ScreenReaderSwitch.tsx';
import { useScreenReaderMode } from './screenReaderMode.ts';

type Connection = 'connecting' | 'open' | 'reconnecting' | 'ended';

const RECONNECT_MS = [500, 1000, 2000, 4000, 8000];

/** A text frame of the shared terminal: who holds the keyboard, or null for anything else. */
function keyboardState(data: string): KeyboardState | null {
  try {
    const parsed = keyboardStateSchema.safeParse(JSON.parse(data));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * xterm attached to the environment's shell over a WebSocket: what is typed goes out as bytes,
 * what the shell prints comes back, the size follows the pane. A dropped connection reconnects to
 * the same environment by itself (a new shell; files and processes are still there). In a live
 * interview the shell is shared: the server says who holds the keyboard, and input is off otherwise.
 */
export default function LiveTerminal({
  openSocket,
  readOnly,
  onEnvironmentGone,
  viewer = 'candidate',
  giveUpIfRefused = false,
}: LiveTerminalProps) {
  const host = useRef<HTMLDivElement>(null);
  const [connection, setConnection] = useState<Connection>('connecting');
  const [keyboard, setKeyboard] = useState<KeyboardState | null>(null);
  const terminal = useRef<Terminal | null>(null);
  const sendControl = useRef<(message: object) => void>(() => {});
  const typing = !readOnly && viewer !== 'shadow' && (keyboard === null || keyboard.mine);

  // Declared before the effect that makes the terminal, so a new terminal starts with the latest value.
  const typingNow = useRef(typing);
  useEffect(() => {
    typingNow.current = typing;
    if (terminal.current) terminal.current.options.disableStdin = !typing;
  }, [typing]);
  // Tab goes to the shell (completion) until Ctrl+Shift+M lets it move the focus, as Ctrl+M does
  // in Monaco (Ctrl+M itself is Enter to a shell): no keyboard trap (WCAG 2.1.2).
  const [tabLeaves, setTabLeaves] = useState(false);
  const tabLeavesNow = useRef(tabLeaves);
  useEffect(() => {
    tabLeavesNow.current = tabLeaves;
  }, [tabLeaves]);
  const screenReader = useScreenReaderMode();
  const screenReaderNow = useRef(screenReader);
  useEffect(() => {
    screenReaderNow.current = screenReader;
    if (terminal.current) terminal.current.options.screenReaderMode = screenReader;
  }, [screenReader]);

  useEffect(() => {
    if (!host.current) return;
    const term = new Terminal({
      fontSize: 13,
      scrollback: 5000,
      cursorBlink: !window.matchMedia('(prefers-reduced-motion: reduce)').matches,
      disableStdin: !typingNow.current,
      screenReaderMode: screenReaderNow.current,
      fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
      theme: { background: '#1e1e1e' },
    });
    term.attachCustomKeyEventHandler((event) => {
      if (event.ctrlKey && event.shiftKey && event.code === 'KeyM') {
        if (event.type === 'keydown') setTabLeaves((leaves) => !leaves);
        return false;
      }
      // Returning false leaves the key to the browser, which moves the focus.
      return !(event.key === 'Tab' && tabLeavesNow.current);
    });
    const fit = new FitAddon();
    term.loadAddon(fit);
    term.open(host.current);
    fit.fit();
    terminal.current = term;
    let socket: WebSocket | null = null;
    let retries = 0;
    let disposed = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const encoder = new TextEncoder();

    const send = (message: object) => {
      if (socket?.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
    };
    sendControl.current = send;
    const sendSize = () => send({ type: 'resize', cols: term.cols, rows: term.rows });
    const connect = () => {
      setConnection(retries === 0 ? 'connecting' : 'reconnecting');
      const current = openSocket({ cols: term.cols, rows: term.rows });
      socket = current;
      let opened = false;
      current.onopen = () => {
        opened = true;
        retries = 0;
        // A resize while the socket was opening was not sent: the server applies this one.
        sendSize();
        setConnection('open');
        if (viewer !== 'shadow') term.focus();
      };
      current.onmessage = (event) => {
        if (event.data instanceof ArrayBuffer) term.write(new Uint8Array(event.data));
        else if (typeof event.data === 'string') {
          const state = keyboardState(event.data);
          if (state) setKeyboard(state);
        }
      };
      current.onclose = (event) => {
        if (disposed || socket !== current) return;
        if (event.code === TERMINAL_CLOSE.notRunning || (giveUpIfRefused && !opened)) {
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
      terminal.current = null;
      sendControl.current = () => {};
      if (timer) clearTimeout(timer);
      observer.disconnect();
      typed.dispose();
      resized.dispose();
      socket?.close();
      term.dispose();
    };
  }, [openSocket, onEnvironmentGone, viewer, giveUpIfRefused]);

  const act = (action: KeyboardAction) => sendControl.current({ type: 'keyboard', action });
  const whose = viewer === 'candidate' ? 'your' : 'the candidate’s';
  return (
    <div className="live-terminal">
      <div className="live-terminal-options">
        <span className="live-terminal-tab-hint" aria-live="polite" data-testid="terminal-tab-mode">
          {tabLeaves
            ? 'Tab moves the focus out of the terminal (Ctrl+Shift+M: Tab to the shell)'
            : 'Ctrl+Shift+M: let Tab move the focus out of the terminal'}
        </span>
        <ScreenReaderSwitch />
      </div>
      {keyboard && connection === 'open' && <KeyboardBar state={keyboard} viewer={viewer} onAction={act} />}
      {connection !== 'open' && (
        <p className="live-terminal-status" role="status" data-testid="terminal-status">
          {connection === 'connecting' && `Connecting to ${whose} environment…`}
          {connection === 'reconnecting' && 'Connection lost. Reconnecting to the same environment…'}
          {connection === 'ended' && 'The environment is not running.'}
        </p>
      )}
      <div className="live-terminal-screen" ref={host} data-testid="terminal" />
    </div>
  );
}
