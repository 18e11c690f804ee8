import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type RawData, type WebSocket, WebSocketServer } from 'ws';
import { requireCandidate } from '../auth/guards.ts';
import type { Config } from '../config.ts';
import { TERMINAL_CLOSE, TERMINAL_SIZE_LIMITS, terminalControlSchema } from '../contract/live.ts';
import { SYSTEM_CHECK_MAX_FRAME_BYTES } from '../contract/practice.ts';
import type { Db } from '../db/pool.ts';
import { HttpError } from '../errors.ts';
import { keepAlive } from '../live/terminal.ts';
import { frameBytes, frameJson, openEnvironmentShell, pipeShell } from '../live/terminal-frames.ts';
import type { LogLine } from '../logging.ts';
import type { SocketRoute } from '../sockets.ts';
import type { PracticeManager } from './manager.ts';

const TERMINAL_PATH = /^\/api\/candidate\/practice\/terminal(?:\?(.*))?$/;
const ECHO_PATH = /^\/api\/candidate\/system-check\/echo$/;
const MAX_PRACTICE_TERMINALS = 2;
/** The system check's socket: a few dozen echoes, then it closes itself. */
const ECHO_MAX_MESSAGES = 50;
const ECHO_LIFETIME_MS = 30_000;

/**
 * The sockets of the intro page: the practice terminal (a TTY shell in the practice environment,
 * never recorded: practice leaves no replay) and the system check's echo, which answers each small
 * text frame with the same frame, so the page measures a real round trip through the server.
 */
export function practiceSocketRoutes(deps: {
  db: Db;
  config: Config;
  practice?: PracticeManager | undefined;
  log?: LogLine;
}): { routes: SocketRoute[]; close: () => void } {
  const log = deps.log ?? (() => {});
  const wss = new WebSocketServer({ noServer: true, maxPayload: TERMINAL_SIZE_LIMITS.maxInputFrameBytes });
  const open = new Map<string, number>();
  const accept = (req: IncomingMessage, socket: Duplex, head: Buffer) =>
    new Promise<WebSocket>((resolve) => wss.handleUpgrade(req, socket, head, resolve));

  const echo: SocketRoute = {
    name: 'WS /api/candidate/system-check/echo',
    path: ECHO_PATH,
    async upgrade(req, socket, head) {
      await requireCandidate(req, deps);
      const ws = await accept(req, socket, head);
      let count = 0;
      const timer = setTimeout(() => ws.close(1000, 'The system check is done.'), ECHO_LIFETIME_MS);
      ws.on('close', () => clearTimeout(timer));
      ws.on('message', (data: RawData, isBinary: boolean) => {
        const bytes = frameBytes(data);
        count += 1;
        if (isBinary || bytes.length > SYSTEM_CHECK_MAX_FRAME_BYTES || count > ECHO_MAX_MESSAGES)
          return ws.close(1008, 'Only a few small text frames are echoed.');
        ws.send(bytes.toString('utf8'));
      });
    },
  };

  const terminal: SocketRoute = {
    name: 'WS /api/candidate/practice/terminal',
    path: TERMINAL_PATH,
    async upgrade(req, socket, head, match) {
      const attemptId = await requireCandidate(req, deps);
      if (!deps.practice) throw new HttpError(409, 'not_running', 'This server offers no practice.');
      const env = await deps.practice.findReady(attemptId);
      if (!env)
        throw new HttpError(409, 'not_running', 'The practice environment is not running; start it again.');
      const count = open.get(env.containerId) ?? 0;
      if (count >= MAX_PRACTICE_TERMINALS)
        throw new HttpError(409, 'too_many', `At most ${MAX_PRACTICE_TERMINALS} practice terminals.`);
      const params = new URLSearchParams(match[1] ?? '');
      const size = terminalControlSchema.safeParse({
        type: 'resize',
        cols: Number(params.get('cols') ?? 80),
        rows: Number(params.get('rows') ?? 24),
      });
      const ws = await accept(req, socket, head);
      keepAlive(ws);
      open.set(env.containerId, count + 1);
      const practice = deps.practice;
      let shell: Awaited<ReturnType<typeof openEnvironmentShell>> | undefined;
      let closed = false;
      ws.on('close', () => {
        closed = true;
        shell?.close();
        open.set(env.containerId, (open.get(env.containerId) ?? 1) - 1);
      });
      const early: Buffer[] = [];
      let input = (bytes: Buffer): void => void early.push(bytes);
      // A size sent while the shell is still opening is applied once it is open (as the live terminal does).
      const first = size.success ? size.data : { cols: 80, rows: 24 };
      let latest = first;
      ws.on('message', (data: RawData, isBinary: boolean) => {
        const bytes = frameBytes(data);
        if (isBinary) return input(bytes);
        const parsed = terminalControlSchema.safeParse(frameJson(bytes));
        if (!parsed.success) return;
        latest = { cols: parsed.data.cols, rows: parsed.data.rows };
        void shell?.resize(latest.cols, latest.rows);
      });
      try {
        shell = await openEnvironmentShell(practice.environments, env, first);
        if (latest !== first) void shell.resize(latest.cols, latest.rows);
      } catch (error) {
        log(`practice shell failed: ${String(error)}`);
        return ws.close(TERMINAL_CLOSE.notRunning, 'The practice environment is not running.');
      }
      if (closed) return shell.close();
      input = pipeShell(ws, shell.stream, () => practice.touch(env.row.id));
      for (const bytes of early.splice(0)) input(bytes);
    },
  };

  return {
    routes: deps.practice ? [echo, terminal] : [echo],
    close() {
      for (const client of wss.clients) client.terminate();
      wss.close();
    },
  };
}
