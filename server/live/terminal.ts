import { type IncomingMessage, type Server, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { type RawData, type WebSocket, WebSocketServer } from 'ws';
import type { LiveEnvironments } from '../../sandbox/index.ts';
import { requireCandidate } from '../auth/guards.ts';
import type { Config } from '../config.ts';
import { TERMINAL_CLOSE, TERMINAL_SIZE_LIMITS, terminalControlSchema } from '../contract/live.ts';
import type { Db } from '../db/pool.ts';
import { HttpError } from '../errors.ts';
import type { LogLine } from '../logging.ts';
import type { LiveManager, ReadyEnvironment } from './manager.ts';
import { type AppendTerminalEvents, createTerminalRecorder } from './terminal-recorder.ts';

export interface TerminalServerDeps {
  db: Db;
  config: Config;
  live: LiveManager;
  environments: LiveEnvironments;
  /** Stores terminal input and output in the attempt's replay log. */
  record: (env: ReadyEnvironment) => AppendTerminalEvents;
  log?: LogLine;
}

const PATH = /^\/api\/candidate\/attempt\/challenges\/([a-z0-9][a-z0-9-]{0,62})\/terminal(?:\?(.*))?$/;
const MAX_TERMINALS_PER_ENVIRONMENT = 4;
const PING_MS = 25_000;
/** Terminal output waiting for a slow browser past this pauses the shell (backpressure). */
const MAX_BUFFERED = 1024 * 1024;
const TOUCH_EVERY_MS = 60_000;

function refuse(socket: Duplex, status: number, message: string): void {
  const body = JSON.stringify({ error: { id: 'terminal_refused', message } });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\n` +
      `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/** A page of another site may not open a candidate's terminal with the candidate's cookie. */
function sameOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (!origin || !req.headers.host) return false;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

const sizeFrom = (query: string | undefined) => {
  const params = new URLSearchParams(query ?? '');
  const parsed = terminalControlSchema.safeParse({
    type: 'resize',
    cols: Number(params.get('cols') ?? 80),
    rows: Number(params.get('rows') ?? 24),
  });
  return parsed.success ? parsed.data : { type: 'resize' as const, cols: 80, rows: 24 };
};

/**
 * Serves candidates' terminals: a WebSocket at /api/candidate/attempt/challenges/:slug/terminal,
 * authenticated by the candidate's session cookie and refused from other origins, attached to a
 * TTY shell in their running environment. Everything typed and shown is recorded by the server.
 */
export function attachTerminalServer(server: Server, deps: TerminalServerDeps): () => void {
  const log = deps.log ?? (() => {});
  const wss = new WebSocketServer({ noServer: true, maxPayload: TERMINAL_SIZE_LIMITS.maxInputFrameBytes });
  const open = new Map<string, number>();

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const match = PATH.exec(req.url ?? '');
    if (!match) return refuse(socket, 404, 'No such WebSocket.');
    const slug = match[1] ?? '';
    void (async () => {
      if (!sameOrigin(req)) return refuse(socket, 403, 'Terminals open only from Gauntlet’s own pages.');
      const attemptId = await requireCandidate(req, deps);
      const env = await deps.live.findReady(attemptId, slug);
      if (!env) return refuse(socket, 409, 'Your environment is not running; reload the page to start it.');
      const count = open.get(env.containerId) ?? 0;
      if (count >= MAX_TERMINALS_PER_ENVIRONMENT)
        return refuse(socket, 409, `At most ${MAX_TERMINALS_PER_ENVIRONMENT} terminals per environment.`);
      wss.handleUpgrade(req, socket, head, (ws) => void serve(ws, env, sizeFrom(match[2])));
    })().catch((error: unknown) => {
      if (error instanceof HttpError) refuse(socket, error.status, error.message);
      else {
        log(`terminal upgrade failed: ${String(error)}`);
        socket.destroy();
      }
    });
  };

  async function serve(ws: WebSocket, env: ReadyEnvironment, size: { cols: number; rows: number }) {
    open.set(env.containerId, (open.get(env.containerId) ?? 0) + 1);
    const recorder = createTerminalRecorder(deps.record(env), (error) =>
      log(`terminal recording failed: ${String(error)}`),
    );
    let shell: Awaited<ReturnType<LiveEnvironments['openShell']>> | undefined;
    let lastTouch = 0;
    let alive = true;
    const cleanup = () => {
      clearInterval(ping);
      shell?.close();
      open.set(env.containerId, (open.get(env.containerId) ?? 1) - 1);
      void recorder.close();
    };
    const ping = setInterval(() => {
      if (!alive) return ws.terminate();
      alive = false;
      ws.ping();
    }, PING_MS);
    ws.on('pong', () => {
      alive = true;
    });
    ws.on('close', cleanup);
    // Keystrokes that arrive while the shell is still opening wait for it, in order.
    const early: Buffer[] = [];
    let input = (bytes: Buffer): void => {
      early.push(bytes);
    };
    ws.on('message', (data: RawData, isBinary: boolean) => {
      const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
      if (isBinary) return input(bytes);
      let control: unknown;
      try {
        control = JSON.parse(bytes.toString('utf8'));
      } catch {
        return;
      }
      const parsed = terminalControlSchema.safeParse(control);
      if (parsed.success) void shell?.resize(parsed.data.cols, parsed.data.rows);
    });
    try {
      shell = await deps.environments.openShell({
        containerId: env.containerId,
        user: env.live.shell.user,
        command: env.live.shell.command,
        workingDir: env.live.shell.workingDir,
        cols: size.cols,
        rows: size.rows,
      });
    } catch (error) {
      ws.close(TERMINAL_CLOSE.notRunning, 'The environment is not running.');
      log(`terminal shell failed: ${String(error)}`);
      return;
    }
    if (ws.readyState !== ws.OPEN) return shell.close();
    const stream = shell.stream;
    stream.on('data', (chunk: Buffer) => {
      recorder.output(chunk);
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
    input = (bytes: Buffer) => {
      recorder.input(bytes);
      stream.write(bytes);
      if (Date.now() - lastTouch > TOUCH_EVERY_MS) {
        lastTouch = Date.now();
        void deps.live.touch(env.row.id).catch(() => {});
      }
    };
    for (const bytes of early.splice(0)) input(bytes);
  }

  server.on('upgrade', onUpgrade);
  return () => {
    server.off('upgrade', onUpgrade);
    for (const client of wss.clients) client.terminate();
    wss.close();
  };
}
