/**
 * Co-editing in live interviews: N interviews of 3 participants (the candidate and two interviewers),
 * each a Node Hocuspocus provider typing a unique marker into main.tf every ~200 ms; the time from one
 * participant's insert to another participant's copy showing it (edit-to-remote-visible latency), and
 * whether every marker reached every copy and the saved files (lost edits). The API serves the shared
 * documents in its own process (bench/interview-api.ts), so this load does not slow it.
 */
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { loadCatalogue } from '../server/challenges/load.ts';
import { configWith } from '../server/config.ts';
import { documentName, FILES_MAP } from '../server/contract/interview.ts';
import { startApiProcess } from './api-process.ts';
import { startBenchDatabase } from './bench-database.ts';
import { INTERVIEW_API_SECRET } from './interview-api.ts';
import { enterAndStart, load, organisation, sleep, until } from './interview-setup.ts';
import { type LoopDelay, loopSummary } from './loop-delay.ts';
import { type SummaryWithP99, summarizeWithP99 } from './percentiles.ts';

const EDIT_SLUG = 'terraform-refactor';
const EDIT_FILE = 'main.tf';
const MARKER = /⟨i(\d+)p(\d+)n(\d+)⟩/g;
const round1 = (n: number) => Math.round(n * 10) / 10;
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

/** The API of bench/interview-api.ts in its own process: its address, CPU, loop delay and how to stop it. */
async function startInterviewApi(root: string, databaseUrl: string) {
  let onLoop: (delay: LoopDelay) => void = () => {};
  const api = await startApiProcess({
    root,
    script: 'interview-api.ts',
    databaseUrl,
    label: 'interview API',
    onOutput: (text) => {
      const loop = /^loop (.*)$/m.exec(text)?.[1];
      if (loop) onLoop(JSON.parse(loop));
    },
  });
  const { child } = api;
  return {
    base: api.base,
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
    stop: api.stop,
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
  const database = await startBenchDatabase(root, 'interviews-edit', options.port ?? 5481);
  const open: { close(): void }[] = [];
  let api: Awaited<ReturnType<typeof startInterviewApi>> | undefined;
  try {
    api = await startInterviewApi(root, database.url);
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
