import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Request } from 'express';
import { type RawData, type WebSocket, WebSocketServer } from 'ws';
import type { LiveEnvironments } from '../../sandbox/index.ts';
import { requireCandidate, requireStaff } from '../auth/guards.ts';
import type { Config } from '../config.ts';
import { TERMINAL_CLOSE, TERMINAL_SIZE_LIMITS, terminalControlSchema } from '../contract/live.ts';
import type { Db } from '../db/pool.ts';
import { HttpError } from '../errors.ts';
import type { LogLine } from '../logging.ts';
import { findInterview, findInterviewOfAttempt } from '../queries/interviews.ts';
import type { SocketRoute } from '../sockets.ts';
import type { LiveManager, ReadyEnvironment } from './manager.ts';
import { createSharedTerminals } from './shared-terminal.ts';
import { frameBytes, frameJson, openEnvironmentShell, pipeShell } from './terminal-frames.ts';
import { type AppendTerminalEvents, createTerminalRecorder } from './terminal-recorder.ts';

export interface TerminalServerDeps {
  db: Db;
  config: Config;
  live: LiveManager;
  /** Stores terminal input and output in the attempt's replay log. */
  record: (env: ReadyEnvironment) => AppendTerminalEvents;
  log?: LogLine;
}

const CANDIDATE_PATH =
  /^\/api\/candidate\/attempt\/challenges\/([a-z0-9][a-z0-9-]{0,62})\/terminal(?:\?(.*))?$/;
const STAFF_PATH =
  /^\/api\/staff\/interviews\/([0-9a-f-]{36})\/challenges\/([a-z0-9][a-z0-9-]{0,62})\/terminal(?:\?(.*))?$/;
const MAX_TERMINALS_PER_ENVIRONMENT = 4;
const PING_MS = 25_000;
/** Terminal output waiting for a slow browser past this pauses the shell (backpressure). */

const sizeFrom = (query: string | undefined) => {
  const params = new URLSearchParams(query ?? '');
  const parsed = terminalControlSchema.safeParse({
    type: 'resize',
    cols: Number(params.get('cols') ?? 80),
    rows: Number(params.get('rows') ?? 24),
  });
  return parsed.success ? parsed.data : { type: 'resize' as const, cols: 80, rows: 24 };
};

/** Pings every socket; one that stops answering is dropped (its viewer reconnects). */
export function keepAlive(ws: WebSocket) {
  let alive = true;
  const ping = setInterval(() => {
    if (!alive) return ws.terminate();
    alive = false;
    ws.ping();
  }, PING_MS);
  ws.on('pong', () => {
    alive = true;
  });
  ws.on('close', () => clearInterval(ping));
}

/**
 * Serves terminals as WebSockets, authenticated by the session cookie and refused from other
 * origins. A take-home candidate gets a TTY shell of their own per socket, at
 * /api/candidate/attempt/challenges/:slug/terminal. In a live interview everyone shares the
 * environment's one shell (server/live/shared-terminal.ts): the candidate at the same address, staff
 * who joined the interview at /api/staff/interviews/:id/challenges/:slug/terminal. Everything typed
 * and shown is recorded by the server, keystrokes with their author.
 */
export function terminalSocketRoutes(deps: TerminalServerDeps): { routes: SocketRoute[]; close: () => void } {
  const log = deps.log ?? (() => {});
  const wss = new WebSocketServer({ noServer: true, maxPayload: TERMINAL_SIZE_LIMITS.maxInputFrameBytes });
  const open = new Map<string, number>();
  const shared = createSharedTerminals({
    record: deps.record,
    touch: deps.live.touch,
    log,
  });

  const accept = (req: IncomingMessage, socket: Duplex, head: Buffer) =>
    new Promise<WebSocket>((resolve) => wss.handleUpgrade(req, socket, head, resolve));

  const candidate: SocketRoute = {
    name: 'WS /api/candidate/attempt/challenges/:slug/terminal',
    path: CANDIDATE_PATH,
    async upgrade(req, socket, head, match) {
      const slug = match[1] ?? '';
      const attemptId = await requireCandidate(req, deps);
      const env = await deps.live.findReady(attemptId, slug);
      if (!env)
        throw new HttpError(
          409,
          'not_running',
          'Your environment is not running; reload the page to start it.',
        );
      if (await findInterviewOfAttempt(deps.db, attemptId)) {
        const ws = await accept(req, socket, head);
        keepAlive(ws);
        return shared.join(
          ws,
          env,
          { staffUserId: null, name: 'Candidate', mayType: true },
          sizeFrom(match[2]),
        );
      }
      const count = open.get(env.containerId) ?? 0;
      if (count >= MAX_TERMINALS_PER_ENVIRONMENT)
        throw new HttpError(
          409,
          'too_many',
          `At most ${MAX_TERMINALS_PER_ENVIRONMENT} terminals per environment.`,
        );
      const ws = await accept(req, socket, head);
      keepAlive(ws);
      void serve(ws, env, sizeFrom(match[2]));
    },
  };

  const staff: SocketRoute = {
    name: 'WS /api/staff/interviews/:id/challenges/:slug/terminal',
    path: STAFF_PATH,
    async upgrade(req, socket, head, match) {
      const user = await requireStaff(req as Request, deps);
      const interview = await findInterview(deps.db, user.organisationId, match[1] ?? '');
      if (!interview) throw new HttpError(404, 'not_found', 'The interview was not found.');
      const role = interview.participants.find((p) => p.staffUserId === user.id)?.role;
      if (!role) throw new HttpError(403, 'forbidden', 'Join the interview first.');
      const slug = match[2] ?? '';
      if (!interview.challengeSlugs.includes(slug))
        throw new HttpError(404, 'not_found', `Challenge ${slug} was not found.`);
      const env = await deps.live.findReady(interview.attemptId, slug);
      if (!env) throw new HttpError(409, 'not_running', 'The candidate’s environment is not running yet.');
      const ws = await accept(req, socket, head);
      keepAlive(ws);
      shared.join(
        ws,
        env,
        { staffUserId: user.id, name: user.name, mayType: role === 'interviewer' },
        sizeFrom(match[3]),
      );
    },
  };

  return {
    routes: [candidate, staff],
    close() {
      shared.closeAll();
      for (const client of wss.clients) client.terminate();
      wss.close();
    },
  };

  async function serve(ws: WebSocket, env: ReadyEnvironment, size: { cols: number; rows: number }) {
    open.set(env.containerId, (open.get(env.containerId) ?? 0) + 1);
    const recorder = createTerminalRecorder(deps.record(env), (error) =>
      log(`terminal recording failed: ${String(error)}`),
    );
    let shell: Awaited<ReturnType<LiveEnvironments['openShell']>> | undefined;
    const cleanup = () => {
      shell?.close();
      open.set(env.containerId, (open.get(env.containerId) ?? 1) - 1);
      void recorder.close();
    };
    ws.on('close', cleanup);
    // Keystrokes that arrive while the shell is still opening wait for it, in order.
    const early: Buffer[] = [];
    let input = (bytes: Buffer): void => {
      early.push(bytes);
    };
    // A size sent while the shell is still opening is applied once it is open.
    let latest = size;
    ws.on('message', (data: RawData, isBinary: boolean) => {
      const bytes = frameBytes(data);
      if (isBinary) return input(bytes);
      const parsed = terminalControlSchema.safeParse(frameJson(bytes));
      if (!parsed.success) return;
      latest = { cols: parsed.data.cols, rows: parsed.data.rows };
      void shell?.resize(latest.cols, latest.rows);
    });
    try {
      shell = await openEnvironmentShell(env.environments, env, size);
      if (latest !== size) void shell.resize(latest.cols, latest.rows);
    } catch (error) {
      ws.close(TERMINAL_CLOSE.notRunning, 'The environment is not running.');
      log(`terminal shell failed: ${String(error)}`);
      return;
    }
    if (ws.readyState !== ws.OPEN) return shell.close();
    input = pipeShell(ws, shell.stream, () => deps.live.touch(env.row.id), recorder);
    for (const bytes of early.splice(0)) input(bytes);
  }
}
