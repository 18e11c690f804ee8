/**
 * Terminal echo in a live interview: the candidate types single keys into a live environment's shared
 * terminal; the time from the key sent on the candidate's socket to its echo arriving on the interviewer's.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus } from 'node:os';
import type Docker from 'dockerode';
import WebSocket from 'ws';
import { connectDocker, createLiveEnvironments } from '../sandbox/index.ts';
import { createApp } from '../server/app.ts';
import { loadCatalogue } from '../server/challenges/load.ts';
import { createCollabServer } from '../server/collab/server.ts';
import { configWith, loadConfig } from '../server/config.ts';
import type { AppDeps } from '../server/deps.ts';
import { createLiveManager } from '../server/live/manager.ts';
import { platformScope } from '../server/queries/platform.ts';
import { socketRoutes } from '../server/socket-routes.ts';
import { attachSockets } from '../server/sockets.ts';
import { startBenchDatabase } from './bench-database.ts';
import { enterAndStart, load, organisation, sleep, until } from './interview-setup.ts';
import { type SummaryWithP99, summarizeWithP99 } from './percentiles.ts';

const TERMINAL_SLUG = 'bad-gateway';
// biome-ignore lint/suspicious/noControlCharactersInRegex: terminal escape sequences are the point
const ESCAPES = /\u001b\[[0-9;?]*[A-Za-z]/g;

export interface TerminalEchoResult {
  rounds: number;
  cpus: number;
  loadBefore: number[];
  loadAfter: number[];
  /** Key sent on the candidate's socket → its echo on the interviewer's socket. */
  toViewer: SummaryWithP99;
  /** … and on the candidate's own socket, for comparison. */
  toTyper: SummaryWithP99;
  /** Keys whose echo never reached the interviewer within 5 s: must be 0. */
  lost: number;
}

/** A terminal socket as the page opens it, listening before it opens; resolves echo waits. */
async function openTerminal(base: string, cookie: string, socketPath: string) {
  const ws = new WebSocket(`${base.replace(/^http/, 'ws')}${socketPath}?cols=120&rows=40`, {
    headers: { cookie, origin: base },
  });
  let output = '';
  let waiting: { char: string; resolve: (at: number) => void } | undefined;
  ws.on('message', (data, isBinary) => {
    if (!isBinary) return;
    const now = performance.now();
    const text = Buffer.from(data as Buffer)
      .toString('utf8')
      .replace(ESCAPES, '');
    output += text;
    if (waiting && text.includes(waiting.char)) {
      waiting.resolve(now);
      waiting = undefined;
    }
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('unexpected-response', (_req, res) => reject(new Error(`terminal refused: ${res.statusCode}`)));
    ws.once('error', reject);
  });
  return {
    output: () => output,
    type: (keys: string) => ws.send(Buffer.from(keys), { binary: true }),
    /** When `char` next arrives (performance.now()), or undefined after `timeoutMs`. */
    next(char: string, timeoutMs: number): Promise<number | undefined> {
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          waiting = undefined;
          resolve(undefined);
        }, timeoutMs);
        waiting = {
          char,
          resolve: (at) => {
            clearTimeout(timer);
            resolve(at);
          },
        };
      });
    },
    close: () => ws.close(),
  };
}

/**
 * Terminal echo to a second viewer: a live interview of bad-gateway on the real engine, the candidate
 * and an interviewer on its shared terminal; `rounds` single keys typed by the candidate (a line
 * cleared with Ctrl-U every 20), each timed from send to its echo on the interviewer's socket.
 */
export async function measureTerminalEcho(options: {
  root: string;
  docker?: Docker;
  rounds?: number;
  port?: number;
}): Promise<TerminalEchoResult> {
  const { root, rounds = 200 } = options;
  const docker = options.docker ?? connectDocker(loadConfig().DOCKER_HOST);
  const catalogue = await loadCatalogue();
  const database = await startBenchDatabase(root, 'interviews-terminal', options.port ?? 5482);
  const db = database.db;
  const config = configWith({ SESSION_SECRET: 'bench-secret-bench-secret', LIVE_MAX_ENVIRONMENTS: '2' });
  const environments = createLiveEnvironments(docker, { scope: await platformScope(db) });
  const live = createLiveManager({ db, catalogue, config, environments });
  const deps: AppDeps = { config, db, catalogue, queue: { enqueue: async () => {} }, live };
  const server: Server = await new Promise((resolve) => {
    const s = createApp(deps, { clientDist: '/nonexistent' }).listen(0, '127.0.0.1', () => resolve(s));
  });
  const collab = createCollabServer(deps);
  const sockets = socketRoutes(deps, collab);
  const stopSockets = attachSockets(server, sockets.routes);
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const terminals: { close(): void }[] = [];
  try {
    const org = await organisation(db, config, catalogue);
    const scheduled = await org.interview(0, TERMINAL_SLUG, 1);
    const candidateCookie = await enterAndStart(base, scheduled.token);
    const started = await fetch(`${base}/api/candidate/attempt/challenges/${TERMINAL_SLUG}/environment`, {
      method: 'POST',
      headers: { cookie: candidateCookie, 'content-type': 'application/json' },
      body: '{}',
    });
    if (started.status !== 200) throw new Error(`environment: ${started.status} ${await started.text()}`);
    const candidate = await openTerminal(
      base,
      candidateCookie,
      `/api/candidate/attempt/challenges/${TERMINAL_SLUG}/terminal`,
    );
    terminals.push(candidate);
    const viewer = await openTerminal(
      base,
      scheduled.staffCookies[0] ?? '',
      `/api/staff/interviews/${scheduled.interviewId}/challenges/${TERMINAL_SLUG}/terminal`,
    );
    terminals.push(viewer);
    // The shell is up and both see it.
    candidate.type('echo "bench-$((6*7))"\r');
    if (!(await until(() => /bench-42/.test(viewer.output()), 30_000)))
      throw new Error(`the interviewer never saw the shell: ${viewer.output().slice(-500)}`);
    await sleep(500);

    const loadBefore = load();
    const toViewer: number[] = [];
    const toTyper: number[] = [];
    let lost = 0;
    const alphabet = 'abcdefghijklmnopqrst';
    for (let i = 0; i < rounds; i += 1) {
      if (i > 0 && i % alphabet.length === 0) {
        candidate.type('\u0015');
        await sleep(300);
      }
      const char = alphabet.charAt(i % alphabet.length);
      const atViewer = viewer.next(char, 5000);
      const atTyper = candidate.next(char, 5000);
      const sent = performance.now();
      candidate.type(char);
      const [seen, echoed] = await Promise.all([atViewer, atTyper]);
      if (seen === undefined) lost += 1;
      else toViewer.push(seen - sent);
      if (echoed !== undefined) toTyper.push(echoed - sent);
      // A person's pace between keys.
      await sleep(50 + Math.random() * 100);
    }
    candidate.type('\u0015');
    return {
      rounds,
      cpus: cpus().length,
      loadBefore,
      loadAfter: load(),
      toViewer: summarizeWithP99(toViewer),
      toTyper: summarizeWithP99(toTyper),
      lost,
    };
  } finally {
    for (const terminal of terminals) terminal.close();
    stopSockets();
    sockets.close();
    collab.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    for (const env of await environments.list()) await environments.destroy(env.containerId);
    await database.stop();
  }
}
