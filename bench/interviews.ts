/**
 * Live interviews, measured on the real sockets:
 * - co-editing: N interviews of 3 participants (the candidate and two interviewers), each a Node
 *   Hocuspocus provider typing a unique marker into main.tf every ~200 ms; the time from one
 *   participant's insert to another participant's copy showing it (edit-to-remote-visible latency),
 *   and whether every marker reached every copy and the saved files (lost edits). The API serves the
 *   shared documents in its own process (bench/interview-api.ts), so this load does not slow it.
 * - terminal echo: the candidate types single keys into a live environment's shared terminal; the
 *   time from the key sent on the candidate's socket to its echo arriving on the interviewer's.
 * Run alone: `node bench/interviews.ts [interviews=20] [seconds=30] [rounds=200]`, which prints the
 * figures as JSON and writes bench/interviews.json (needs the Docker engine and the live-web image).
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, hostname, loadavg } from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import type Docker from 'dockerode';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { connectDocker, createLiveEnvironments } from '../sandbox/index.ts';
import { createApp } from '../server/app.ts';
import { hashSessionId, newToken } from '../server/auth/tokens.ts';
import { type Catalogue, loadCatalogue } from '../server/challenges/load.ts';
import { createCollabServer } from '../server/collab/server.ts';
import { scheduleInterview } from '../server/commands/schedule-interview.ts';
import { type Config, configWith, loadConfig } from '../server/config.ts';
import { documentName, FILES_MAP } from '../server/contract/interview.ts';
import { startEmbeddedPostgres } from '../server/db/embedded.ts';
import { migrate } from '../server/db/migrate.ts';
import { createPool, type Db } from '../server/db/pool.ts';
import type { AppDeps } from '../server/deps.ts';
import { createLiveManager } from '../server/live/manager.ts';
import { findInterview, upsertParticipant } from '../server/queries/interviews.ts';
import { platformScope } from '../server/queries/platform.ts';
import { insertSession } from '../server/queries/sessions.ts';
import { findStaffById, insertOrganisation, insertStaffUser } from '../server/queries/staff.ts';
import { socketRoutes } from '../server/socket-routes.ts';
import { attachSockets } from '../server/sockets.ts';
import { INTERVIEW_API_SECRET } from './interview-api.ts';
import { type SummaryWithP99, summarizeWithP99 } from './percentiles.ts';

const EDIT_SLUG = 'terraform-refactor';
const EDIT_FILE = 'main.tf';
const TERMINAL_SLUG = 'bad-gateway';
const MARKER = /⟨i(\d+)p(\d+)n(\d+)⟩/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: terminal escape sequences are the point
const ESCAPES = /\u001b\[[0-9;?]*[A-Za-z]/g;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const round1 = (n: number) => Math.round(n * 10) / 10;
const load = () => loadavg().map((n) => Math.round(n * 100) / 100);
/** The machine's busy and total CPU ticks so far (/proc/stat: everything but idle and iowait is busy). */
function machineTicks(): { busy: number; total: number } {
  const fields = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/).slice(1);
  const ticks = fields.map(Number);
  const total = ticks.reduce((a, b) => a + b, 0);
  return { busy: total - (ticks[3] ?? 0) - (ticks[4] ?? 0), total };
}
/** The share of the machine's CPUs busy since `from` (with whatever else runs on it). */
function busySince(from: { busy: number; total: number }): number {
  const now = machineTicks();
  return Math.round(((now.busy - from.busy) / Math.max(1, now.total - from.total)) * 100) / 100;
}

export interface CoEditingResult {
  interviews: number;
  participants: number;
  seconds: number;
  cpus: number;
  /** The 1, 5 and 15-minute load averages before and after the typing. */
  loadBefore: number[];
  loadAfter: number[];
  /** Insert → first seen in another participant's copy, once per (marker, other participant). */
  latency: SummaryWithP99;
  markersSent: number;
  /** Remote sightings expected (markers × the other participants) and seen during the run. */
  sightingsExpected: number;
  /** Whether every copy of every interview ended identical, holding every marker. */
  converged: boolean;
  /** Markers missing from at least one participant's copy after convergence: must be 0. */
  lost: number;
  /** Markers missing from the saved file (attempt_files) once the server stored it: must be 0. */
  lostInSavedFiles: number;
  /** Connections that closed or were refused during the run. */
  disconnects: number;
  /** The p95 of the edits sent in each 5 s of the typing: steady, or growing as a queue builds? */
  p95Every5s: number[];
  /** Database transactions committed or rolled back while typing (the API's, and this bench's few). */
  databaseTransactions: number;
  /**
   * How late each process's event loop ran while typing (ms: p50, p99, max): a late loop delays every
   * message it handles, so a high figure says which side the latency was spent waiting in.
   */
  apiLoopDelay: LoopDelay;
  generatorLoopDelay: LoopDelay;
  /** The share of all the machine's CPU time that was busy while typing (this bench's and anyone else's). */
  machineBusy: number;
  /** CPU-seconds used while typing: by the API process, and by this load generator. */
  apiCpuSeconds: number;
  generatorCpuSeconds: number;
}

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

/** Event-loop delay of a process, in ms, as a 10 ms timer sees it (so about 10 when idle). */
export interface LoopDelay {
  p50: number;
  p99: number;
  max: number;
}
export function loopSummary(histogram: ReturnType<typeof monitorEventLoopDelay>): LoopDelay {
  const ms = (ns: number) => Math.round(ns / 1e5) / 10;
  return { p50: ms(histogram.percentile(50)), p99: ms(histogram.percentile(99)), max: ms(histogram.max) };
}

/** A throwaway embedded PostgreSQL, migrated. */
async function startDatabase(root: string, name: string, port: number) {
  const dataDir = path.join(root, '.data', `bench-${name}`);
  await rm(dataDir, { recursive: true, force: true });
  const server = await startEmbeddedPostgres({ dataDir, port, persistent: false });
  const db: Db = createPool(server.url, 20);
  try {
    await migrate(db);
  } catch (error) {
    await db.end();
    await server.stop();
    throw error;
  }
  return {
    url: server.url,
    db,
    async stop() {
      await db.end();
      await server.stop();
    },
  };
}

/** An organisation with a manager, who schedules interviews straight through the command. */
async function organisation(db: Db, config: Config, catalogue: Catalogue) {
  const organisationId = await insertOrganisation(db, 'Bench interviews');
  const staff = (name: string, role: 'manager' | 'interviewer') =>
    insertStaffUser(db, {
      organisationId,
      email: `${randomUUID()}@bench.example.com`,
      name,
      role,
      // Nobody signs in: sessions are inserted directly.
      passwordHash: 'bench-never-signs-in',
    });
  const manager = await findStaffById(db, await staff('Bench Manager', 'manager'));
  if (!manager) throw new Error('the bench manager vanished');
  const deps: AppDeps = { config, db, catalogue, queue: { enqueue: async () => {} } };
  return {
    /** A slot starting now, one challenge, and `interviewers` staff members joined as interviewers. */
    async interview(index: number, slug: string, interviewers: number) {
      const { interviewId, token } = await scheduleInterview(
        deps,
        manager,
        {
          title: `Bench interview ${index}`,
          challengeSlugs: [slug],
          startsAt: new Date().toISOString(),
          durationMinutes: 120,
          meetingUrl: null,
          candidateName: `Candidate ${index}`,
          candidateEmail: `candidate-${index}-${randomUUID()}@bench.example.com`,
        },
        { organisationId, actorId: manager.id, ip: '127.0.0.1' },
      );
      const row = await findInterview(db, organisationId, interviewId);
      if (!row) throw new Error(`interview ${interviewId} vanished`);
      const staffCookies: string[] = [];
      for (let k = 0; k < interviewers; k += 1) {
        const staffUserId = await staff(`Interviewer ${index}.${k + 1}`, 'interviewer');
        await upsertParticipant(db, interviewId, staffUserId, 'interviewer');
        const sessionId = newToken();
        await insertSession(db, {
          idHash: hashSessionId(sessionId, config.SESSION_SECRET),
          staffUserId,
          expiresAt: new Date(Date.now() + 3600_000),
        });
        staffCookies.push(`gauntlet_staff=${sessionId}`);
      }
      return { interviewId, attemptId: row.attemptId, token, staffCookies };
    },
  };
}

/** The candidate opens their link and starts: their cookie. */
async function enterAndStart(base: string, token: string): Promise<string> {
  const enter = await fetch(`${base}/api/candidate/enter`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token }),
  });
  if (enter.status !== 204) throw new Error(`enter: ${enter.status} ${await enter.text()}`);
  const cookie = enter.headers.getSetCookie()[0]?.split(';')[0] ?? '';
  const start = await fetch(`${base}/api/candidate/attempt/start`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/json' },
    body: '{}',
  });
  if (start.status !== 200) throw new Error(`start: ${start.status} ${await start.text()}`);
  return cookie;
}

/** One participant's copy of the shared document: a Node provider with their cookie, from the app's origin. */
function joinDocument(options: {
  base: string;
  cookie: string;
  query: string;
  attemptId: string;
  slug: string;
  onClose: () => void;
}) {
  const { base, cookie } = options;
  class CookieSocket extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers: { cookie, origin: base } });
      this.on('error', () => {});
    }
  }
  const socket = new HocuspocusProviderWebsocket({
    url: `${base.replace(/^http/, 'ws')}/api/collab?${options.query}`,
    WebSocketPolyfill: CookieSocket,
  });
  const doc = new Y.Doc();
  const provider = new HocuspocusProvider({
    websocketProvider: socket,
    name: documentName(options.attemptId, options.slug),
    document: doc,
    token: 'cookie',
    onClose: options.onClose,
    onAuthenticationFailed: options.onClose,
  });
  provider.attach();
  const files = doc.getMap<Y.Text>(FILES_MAP);
  return {
    provider,
    file: (name: string) => files.get(name),
    close() {
      provider.destroy();
      socket.destroy();
    },
  };
}

async function until(check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const end = performance.now() + timeoutMs;
  while (performance.now() < end) {
    if (await check()) return true;
    await sleep(50);
  }
  return check();
}

/** The API of bench/interview-api.ts in its own process: its address, pid and how to stop it. */
async function startApiProcess(root: string, databaseUrl: string) {
  const child = spawn(process.execPath, [path.join(root, 'bench', 'interview-api.ts'), databaseUrl], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  let onLoop: (delay: LoopDelay) => void = () => {};
  const base = await new Promise<string>((resolve, reject) => {
    void exited.then((code) => reject(new Error(`the interview API exited with ${code}`)));
    child.stdout.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      const port = /listening (\d+)/.exec(text)?.[1];
      if (port) resolve(`http://127.0.0.1:${port}`);
      const loop = /^loop (.*)$/m.exec(text)?.[1];
      if (loop) onLoop(JSON.parse(loop));
    });
  });
  return {
    base,
    /** CPU-seconds the process used so far (utime + stime of /proc/<pid>/stat). */
    cpuSeconds(): number {
      try {
        const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
        return (Number(fields[11]) + Number(fields[12])) / 100;
      } catch {
        return Number.NaN;
      }
    },
    /** The API's event-loop delay since the last call (it answers SIGUSR2), counted afresh from now. */
    loopDelay(): Promise<LoopDelay> {
      const answer = new Promise<LoopDelay>((resolve) => {
        onLoop = resolve;
      });
      child.kill('SIGUSR2');
      return answer;
    },
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/**
 * Co-editing: `interviews` interviews of `participants` participants (the candidate and staff
 * interviewers), each typing a unique marker at a random place of main.tf every 150–250 ms for
 * `seconds`. See the file's comment.
 */
export async function measureCoEditing(options: {
  root: string;
  interviews?: number;
  participants?: number;
  seconds?: number;
  port?: number;
}): Promise<CoEditingResult> {
  const { root, interviews = 20, participants = 3, seconds = 30 } = options;
  const catalogue = await loadCatalogue();
  const database = await startDatabase(root, 'interviews-edit', options.port ?? 5481);
  const open: { close(): void }[] = [];
  let api: Awaited<ReturnType<typeof startApiProcess>> | undefined;
  try {
    api = await startApiProcess(root, database.url);
    const base = api.base;
    const config = configWith({ SESSION_SECRET: INTERVIEW_API_SECRET });
    const org = await organisation(database.db, config, catalogue);
    let disconnects = 0;
    let typing = false;
    const sentAt = new Map<string, number>();
    const latency: number[] = [];
    /** When each sighting's marker was sent, ms into the typing, to see whether latency grows. */
    const sentOffsets: number[] = [];
    let typingFrom = 0;

    interface Participant {
      interview: number;
      index: number;
      text: Y.Text;
    }
    const rooms: { attemptId: string; people: Participant[] }[] = [];
    for (let i = 0; i < interviews; i += 1) {
      const scheduled = await org.interview(i, EDIT_SLUG, participants - 1);
      const candidateCookie = await enterAndStart(base, scheduled.token);
      const who = [
        { cookie: candidateCookie, query: 'as=candidate' },
        ...scheduled.staffCookies.map((cookie) => ({
          cookie,
          query: `as=staff&interview=${scheduled.interviewId}`,
        })),
      ];
      const people: Participant[] = [];
      for (const [p, { cookie, query }] of who.entries()) {
        const document = joinDocument({
          base,
          cookie,
          query,
          attemptId: scheduled.attemptId,
          slug: EDIT_SLUG,
          onClose: () => {
            if (typing) disconnects += 1;
          },
        });
        open.push(document);
        const synced = await until(
          () => document.provider.isSynced && document.file(EDIT_FILE) !== undefined,
          20_000,
        );
        const text = document.file(EDIT_FILE);
        if (!synced || !text) throw new Error(`participant ${p} of interview ${i} never synced`);
        const seen = new Set<string>();
        text.observe((event) => {
          const now = performance.now();
          for (const op of event.delta) {
            if (typeof op.insert !== 'string') continue;
            for (const match of op.insert.matchAll(MARKER)) {
              if (Number(match[2]) === p || seen.has(match[0])) continue;
              seen.add(match[0]);
              const sent = sentAt.get(match[0]);
              if (sent === undefined) continue;
              latency.push(now - sent);
              sentOffsets.push(sent - typingFrom);
            }
          }
        });
        people.push({ interview: i, index: p, text });
      }
      rooms.push({ attemptId: scheduled.attemptId, people });
    }

    const transactions = async () => {
      const { rows } = await database.db.query<{ n: string }>(
        'select xact_commit + xact_rollback as n from pg_stat_database where datname = current_database()',
      );
      return Number(rows[0]?.n ?? Number.NaN);
    };
    const transactionsBefore = await transactions();
    const loadBefore = load();
    const apiCpu = api.cpuSeconds();
    const generatorCpu = process.cpuUsage();
    const machineFrom = machineTicks();
    const generatorLoop = monitorEventLoopDelay({ resolution: 10 });
    generatorLoop.enable();
    await api.loopDelay(); // starts the API's count afresh
    typing = true;
    typingFrom = performance.now();
    const deadline = performance.now() + seconds * 1000;
    const everyone = rooms.flatMap((room) => room.people);
    await Promise.all(
      everyone.map(async ({ interview, index, text }) => {
        await sleep(Math.random() * 200);
        for (let n = 0; performance.now() < deadline; n += 1) {
          const content = text.toString();
          let at = Math.floor(Math.random() * (content.length + 1));
          // Never inside another marker, which would split it.
          if (content.lastIndexOf('⟨', at - 1) > content.lastIndexOf('⟩', at - 1))
            at = content.indexOf('⟩', at) + 1;
          const marker = `⟨i${interview}p${index}n${n}⟩`;
          sentAt.set(marker, performance.now());
          text.insert(at, marker);
          await sleep(150 + Math.random() * 100);
        }
      }),
    );
    typing = false;
    const usage = process.cpuUsage(generatorCpu);
    const machineBusy = busySince(machineFrom);
    generatorLoop.disable();
    const apiLoopDelay = await api.loopDelay();
    const apiCpuSeconds = round1(api.cpuSeconds() - apiCpu);
    const loadAfter = load();
    const databaseTransactions = (await transactions()) - transactionsBefore;
    const windows: number[][] = Array.from({ length: Math.ceil(seconds / 5) }, () => []);
    for (const [k, offset] of sentOffsets.entries()) {
      windows[Math.min(Math.floor(offset / 5000), windows.length - 1)]?.push(latency[k] ?? 0);
    }

    // Every copy of every interview the same, holding every marker sent in it.
    const markersOf = (interview: number) =>
      [...sentAt.keys()].filter((m) => m.startsWith(`⟨i${interview}p`));
    const expected = rooms.map((_, i) => markersOf(i));
    const converged = await until(
      () =>
        rooms.every((room, i) => {
          const copies = room.people.map((p) => p.text.toString());
          return (
            copies.every((c) => c === copies[0]) && (expected[i] ?? []).every((m) => copies[0]?.includes(m))
          );
        }),
      30_000,
    );
    let lost = 0;
    for (const [i, room] of rooms.entries()) {
      const copies = room.people.map((p) => p.text.toString());
      lost += (expected[i] ?? []).filter((m) => copies.some((c) => !c.includes(m))).length;
    }

    // The server stores a document 0.5 s after typing stops (at least every 2 s) into the saved files.
    await sleep(3000);
    const missingInSaved = async () => {
      let missing = 0;
      for (const [i, room] of rooms.entries()) {
        const { rows } = await database.db.query<{ content: string }>(
          `select content from attempt_files where attempt_id = $1 and challenge_slug = $2 and path = $3`,
          [room.attemptId, EDIT_SLUG, EDIT_FILE],
        );
        const saved = rows[0]?.content ?? '';
        missing += (expected[i] ?? []).filter((m) => !saved.includes(m)).length;
      }
      return missing;
    };
    let lostInSavedFiles = await missingInSaved();
    const savedBy = performance.now() + 15_000;
    while (lostInSavedFiles > 0 && performance.now() < savedBy) {
      await sleep(500);
      lostInSavedFiles = await missingInSaved();
    }

    return {
      interviews,
      participants,
      seconds,
      cpus: cpus().length,
      loadBefore,
      loadAfter,
      latency: summarizeWithP99(latency),
      markersSent: sentAt.size,
      sightingsExpected: sentAt.size * (participants - 1),
      converged,
      lost,
      lostInSavedFiles,
      disconnects,
      p95Every5s: windows.map((w) => summarizeWithP99(w).p95),
      databaseTransactions,
      apiLoopDelay,
      generatorLoopDelay: loopSummary(generatorLoop),
      machineBusy,
      apiCpuSeconds,
      generatorCpuSeconds: round1((usage.user + usage.system) / 1_000_000),
    };
  } finally {
    for (const document of open) document.close();
    // Their last messages (awareness leaving) are handled before the API stops.
    await sleep(1000);
    await api?.stop();
    await database.stop();
  }
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
  const database = await startDatabase(root, 'interviews-terminal', options.port ?? 5482);
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

if (import.meta.main) {
  const root = path.resolve(import.meta.dirname, '..');
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const interviews = Number(process.argv[2] ?? 20);
  const seconds = Number(process.argv[3] ?? 30);
  const rounds = Number(process.argv[4] ?? 200);
  log(`co-editing: ${interviews} interviews of 3 participants typing for ${seconds} s…`);
  const coEditing = await measureCoEditing({ root, interviews, seconds });
  log(`terminal echo: ${rounds} keys from the candidate to an interviewer's socket…`);
  const terminalEcho = await measureTerminalEcho({ root, rounds });
  const result = {
    measuredAt: new Date().toISOString(),
    machine: { host: hostname(), cpus: cpus().length, node: process.version },
    unit: 'ms',
    coEditing,
    terminalEcho,
  };
  writeFileSync(path.join(root, 'bench', 'interviews.json'), `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  process.exit(0);
}
