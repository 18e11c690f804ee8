import type { RawData, WebSocket } from 'ws';
import type { LiveEnvironments } from '../../sandbox/index.ts';
import type { ServerEvent } from '../commands/append-server-events.ts';
import { type KeyboardState, keyboardRequestSchema } from '../contract/interview.ts';
import { TERMINAL_CLOSE, terminalControlSchema } from '../contract/live.ts';
import type { LogLine } from '../logging.ts';
import type { ReadyEnvironment } from './manager.ts';
import { frameBytes, frameJson, openEnvironmentShell } from './terminal-frames.ts';
import { type AppendTerminalEvents, createTerminalRecorder } from './terminal-recorder.ts';

/** Someone looking at a live interview's terminal. */
export interface Viewer {
  /** Null for the candidate. */
  staffUserId: string | null;
  name: string;
  /** A shadow never types. */
  mayType: boolean;
}

/** What a late joiner is shown of what the shell printed before they came. */
const SCROLLBACK_BYTES = 64 * 1024;
/** A shell nobody watches stays this long, so a dropped connection comes back to the same one. */
const LINGER_MS = 30_000;
const MAX_BUFFERED = 1024 * 1024;
const TOUCH_EVERY_MS = 60_000;

interface Session {
  env: ReadyEnvironment;
  shell: Promise<Awaited<ReturnType<LiveEnvironments['openShell']>>>;
  sockets: Map<WebSocket, Viewer>;
  scrollback: Buffer[];
  scrollbackBytes: number;
  recorder: ReturnType<typeof createTerminalRecorder>;
  holder: Viewer;
  requestedBy: Viewer | null;
  linger?: NodeJS.Timeout;
  lastTouch: number;
}

const CANDIDATE: Viewer = { staffUserId: null, name: 'Candidate', mayType: true };
const same = (a: Viewer | null, b: Viewer | null) => !!a && !!b && a.staffUserId === b.staffUserId;

/**
 * A live interview's terminal: one shell per environment that everyone in the interview sees, live.
 * The candidate has the keyboard; an interviewer may ask for it, the holder hands it over, and the
 * candidate can always take it back. Keystrokes from anyone else are dropped, never sent to the
 * shell; every keystroke is recorded with its author, every hand-over too.
 */
export function createSharedTerminals(deps: {
  record: (env: ReadyEnvironment) => AppendTerminalEvents;
  touch: (environmentId: string) => Promise<void>;
  log: LogLine;
}) {
  const sessions = new Map<string, Session>();

  const stateFor = (session: Session, viewer: Viewer): KeyboardState => ({
    type: 'keyboard',
    holder: { kind: session.holder.staffUserId ? 'staff' : 'candidate', name: session.holder.name },
    requestedBy: session.requestedBy?.name ?? null,
    mine: same(session.holder, viewer),
  });
  const broadcastState = (session: Session) => {
    for (const [ws, viewer] of session.sockets) {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(stateFor(session, viewer)));
    }
  };
  const logKeyboard = (session: Session, by: Viewer, action: 'requested' | 'given' | 'taken_back') => {
    const event: ServerEvent = {
      kind: 'keyboard',
      payload: { action, holder: action === 'requested' ? by.name : session.holder.name },
      authorId: by.staffUserId,
    };
    // Through the terminal's recorder: in order with what was typed before and after it.
    session.recorder.event(event);
  };

  const open = (env: ReadyEnvironment, size: { cols: number; rows: number }): Session => {
    const session: Session = {
      env,
      sockets: new Map(),
      scrollback: [],
      scrollbackBytes: 0,
      recorder: createTerminalRecorder(deps.record(env), (error) =>
        deps.log(`terminal recording failed: ${String(error)}`),
      ),
      holder: CANDIDATE,
      requestedBy: null,
      lastTouch: 0,
      shell: openEnvironmentShell(env.environments, env, size),
    };
    sessions.set(env.containerId, session);
    session.shell.then(
      (shell) => {
        shell.stream.on('data', (chunk: Buffer) => {
          session.recorder.output(chunk);
          session.scrollback.push(chunk);
          session.scrollbackBytes += chunk.length;
          while (session.scrollbackBytes > SCROLLBACK_BYTES && session.scrollback.length > 1)
            session.scrollbackBytes -= session.scrollback.shift()?.length ?? 0;
          for (const ws of session.sockets.keys()) {
            ws.send(chunk, { binary: true });
            // A viewer on a slow link must not hold the shell for everyone: it is dropped and reconnects.
            if (ws.bufferedAmount > MAX_BUFFERED) ws.terminate();
          }
        });
        const end = (code: number, reason: string) => {
          end_(session);
          for (const ws of session.sockets.keys()) ws.close(code, reason);
        };
        shell.stream.on('end', () => end(TERMINAL_CLOSE.shellEnded, 'The shell ended.'));
        shell.stream.on('error', () => end(TERMINAL_CLOSE.notRunning, 'The environment stopped.'));
      },
      (error: unknown) => {
        deps.log(`shared terminal shell failed: ${String(error)}`);
        end_(session);
        for (const ws of session.sockets.keys())
          ws.close(TERMINAL_CLOSE.notRunning, 'The environment is not running.');
      },
    );
    return session;
  };

  const end_ = (session: Session) => {
    if (sessions.get(session.env.containerId) !== session) return;
    sessions.delete(session.env.containerId);
    clearTimeout(session.linger);
    void session.recorder.close();
    void session.shell.then((shell) => shell.close()).catch(() => {});
  };

  const onKeyboard = (session: Session, viewer: Viewer, action: 'request' | 'give' | 'take_back') => {
    const isCandidate = viewer.staffUserId === null;
    if (action === 'take_back' || (action === 'request' && isCandidate)) {
      if (!isCandidate || same(session.holder, CANDIDATE)) return;
      session.holder = CANDIDATE;
      session.requestedBy = null;
      logKeyboard(session, viewer, 'taken_back');
    } else if (action === 'request') {
      if (!viewer.mayType || same(session.holder, viewer)) return;
      session.requestedBy = viewer;
      logKeyboard(session, viewer, 'requested');
    } else {
      // Only the holder gives: the candidate to whoever asked, an interviewer back to the candidate.
      if (!same(session.holder, viewer)) return;
      const to = isCandidate ? session.requestedBy : CANDIDATE;
      if (!to) return;
      session.holder = to;
      session.requestedBy = null;
      logKeyboard(session, viewer, 'given');
    }
    broadcastState(session);
  };

  return {
    /** Puts a WebSocket on the environment's shared shell (opening the shell for the first viewer). */
    join(ws: WebSocket, env: ReadyEnvironment, viewer: Viewer, size: { cols: number; rows: number }) {
      let session = sessions.get(env.containerId);
      if (!session) {
        if (!viewer.mayType) {
          ws.close(TERMINAL_CLOSE.notRunning, 'Nobody has opened the terminal yet.');
          return;
        }
        session = open(env, size);
      }
      const current = session;
      clearTimeout(current.linger);
      current.sockets.set(ws, viewer);
      for (const chunk of current.scrollback) ws.send(chunk, { binary: true });
      ws.send(JSON.stringify(stateFor(current, viewer)));
      ws.on('message', (data: RawData, isBinary: boolean) => {
        const bytes = frameBytes(data);
        if (isBinary) {
          // Only the keyboard's holder reaches the shell; anyone else's keys are dropped here.
          if (!viewer.mayType || !same(current.holder, viewer)) return;
          current.recorder.input(bytes, viewer.staffUserId);
          void current.shell.then((shell) => shell.stream.write(bytes));
          if (Date.now() - current.lastTouch > TOUCH_EVERY_MS) {
            current.lastTouch = Date.now();
            void deps.touch(env.row.id).catch(() => {});
          }
          return;
        }
        const message = frameJson(bytes);
        const keyboard = keyboardRequestSchema.safeParse(message);
        if (keyboard.success) return onKeyboard(current, viewer, keyboard.data.action);
        const resize = terminalControlSchema.safeParse(message);
        // The holder's window sets the size everyone sees.
        if (resize.success && same(current.holder, viewer))
          void current.shell.then((shell) => shell.resize(resize.data.cols, resize.data.rows));
      });
      ws.on('close', () => {
        current.sockets.delete(ws);
        if (current.sockets.size === 0) current.linger = setTimeout(() => end_(current), LINGER_MS);
      });
    },
    /** How many sessions run (for tests and metrics). */
    size: () => sessions.size,
    closeAll() {
      for (const session of [...sessions.values()]) end_(session);
    },
  };
}
export type SharedTerminals = ReturnType<typeof createSharedTerminals>;
