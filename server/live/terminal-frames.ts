import type { Duplex } from 'node:stream';
import type { RawData, WebSocket } from 'ws';
import type { LiveEnvironments } from '../../sandbox/index.ts';
import { TERMINAL_CLOSE } from '../contract/live.ts';
import type { ReadyEnvironment } from './manager.ts';

/** A WebSocket message's bytes, whichever shape ws delivered them in. */
export const frameBytes = (data: RawData): Buffer =>
  Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);

/** A text frame's JSON, or undefined when it is not JSON (then it is ignored). */
export function frameJson(bytes: Buffer): unknown {
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch {
    return undefined;
  }
}

/** The challenge's shell in the environment, as its candidate's user, at the terminal's size. */
export const openEnvironmentShell = (
  environments: LiveEnvironments,
  env: Pick<ReadyEnvironment, 'containerId' | 'live'>,
  size: { cols: number; rows: number },
) =>
  environments.openShell({
    containerId: env.containerId,
    user: env.live.shell.user,
    command: env.live.shell.command,
    workingDir: env.live.shell.workingDir,
    cols: size.cols,
    rows: size.rows,
  });

/** A flood (`yes`) past this much unsent output waits for the browser instead of filling memory. */
const MAX_BUFFERED = 1024 * 1024;
/** How often a terminal in use marks its environment active (its idle limit counts from that). */
const TOUCH_EVERY_MS = 60_000;

/**
 * Joins an open shell to its socket: the shell's output goes to the browser (pausing while the
 * browser is behind), the shell's end closes the socket, and the returned function types the
 * browser's keystrokes into the shell, marking the environment active at most once a minute.
 * `observe` sees each output chunk and keystroke first (the replay's recorder).
 */
export function pipeShell(
  ws: WebSocket,
  stream: Duplex,
  touch: () => Promise<void>,
  observe?: { output(chunk: Buffer): void; input(bytes: Buffer): void },
): (bytes: Buffer) => void {
  stream.on('data', (chunk: Buffer) => {
    observe?.output(chunk);
    ws.send(chunk, { binary: true });
    if (ws.bufferedAmount > MAX_BUFFERED) {
      stream.pause();
      const resume = setInterval(() => {
        if (ws.readyState !== ws.OPEN || ws.bufferedAmount < MAX_BUFFERED / 4) {
          clearInterval(resume);
          stream.resume();
        }
      }, 50);
    }
  });
  stream.on('end', () => ws.close(TERMINAL_CLOSE.shellEnded, 'The shell ended.'));
  stream.on('error', () => ws.close(TERMINAL_CLOSE.notRunning, 'The environment stopped.'));
  let lastTouch = 0;
  return (bytes: Buffer) => {
    observe?.input(bytes);
    stream.write(bytes);
    if (Date.now() - lastTouch > TOUCH_EVERY_MS) {
      lastTouch = Date.now();
      void touch().catch(() => {});
    }
  };
}
