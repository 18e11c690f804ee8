import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { configWith } from '../server/config.ts';
import type { WorkspaceFile } from '../server/contract/api.ts';
import { startEmbeddedPostgres } from '../server/db/embedded.ts';
import { migrate } from '../server/db/migrate.ts';
import { createPool } from '../server/db/pool.ts';
import { pgBossQueue, startBoss } from '../server/grading/queue.ts';
import { insertGrading } from '../server/queries/gradings.ts';
import { seedDemo } from '../server/seed.ts';

/**
 * Busy and total CPU time of the whole machine, in seconds (from /proc/stat). Busy is user, nice,
 * system, irq and softirq: what this machine's processes and kernel ran. Steal (time the
 * hypervisor gave another guest while this one wanted a CPU: 10-15 % of busy on this shared VM
 * during a grading run) is no work of ours and is left out, as are guest times (already in user).
 */
export function machineCpu(): { busy: number; total: number; steal: number } {
  const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = (
    readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? ''
  )
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  const busy = user + nice + system + irq + softirq;
  return { busy: busy / 100, total: (busy + idle + iowait + steal) / 100, steal: steal / 100 };
}

/**
 * Where the machine's CPU goes, in seconds so far: the sandbox containers' cgroup (graders and
 * what runs beside them in the container), the Docker daemon and containerd, each with the
 * children it reaped. A part this host cannot show (another cgroup layout, no such process) is
 * absent.
 */
export function cpuParts(): Partial<Record<CpuPart, number>> {
  const parts: Partial<Record<CpuPart, number>> = {};
  const read = (file: string) => {
    try {
      return readFileSync(file, 'utf8');
    } catch {
      return undefined;
    }
  };
  const containers = read('/sys/fs/cgroup/cpuacct/docker/cpuacct.usage');
  if (containers) parts.containers = Number(containers) / 1e9;
  // /proc/PID/stat after the command's closing parenthesis: utime is field 14, cutime 16 (1-based).
  const ticks = (pid: string, fields: number[]) => {
    const after = read(`/proc/${pid}/stat`)?.split(')').pop()?.trim().split(/\s+/);
    return after ? fields.reduce((sum, f) => sum + Number(after[f - 3] ?? 0), 0) / 100 : undefined;
  };
  const named = (name: string) =>
    readdirSync('/proc').find((pid) => /^\d+$/.test(pid) && read(`/proc/${pid}/comm`)?.trim() === name);
  for (const [part, name] of [
    ['dockerd', 'dockerd'],
    ['containerd', 'containerd'],
  ] as const) {
    const pid = named(name);
    const value = pid ? ticks(pid, [14, 15, 16, 17]) : undefined;
    if (value !== undefined) parts[part] = value;
  }
  return parts;
}

export type CpuPart = 'containers' | 'dockerd' | 'containerd';

/** Seconds per unit, to the millisecond. */
export const perUnit = (seconds: number, units: number): number =>
  Math.round((seconds / Math.max(1, units)) * 1000) / 1000;

/** Each part's growth between two cpuParts() readings, per unit; a part missing at either end is left out. */
export function partsPer(
  before: Partial<Record<CpuPart, number>>,
  after: Partial<Record<CpuPart, number>>,
  units: number,
): Partial<Record<CpuPart, number>> {
  return Object.fromEntries(
    Object.entries(after).flatMap(([part, value]) => {
      const start = before[part as CpuPart];
      return start === undefined ? [] : [[part, perUnit(value - start, units)]];
    }),
  );
}

export interface ThroughputResult {
  workers: number;
  gradings: number;
  wallSeconds: number;
  perSecond: number;
  /**
   * Whole-machine CPU-seconds (workers, sandboxes, PostgreSQL, dockerd) per grading in steady
   * state: from the moment the first `warmup` results are stored to the last, divided by the
   * gradings finished in between. What one more grading costs a running fleet.
   */
  cpuSecondsPerGrading: number;
  /** The same over the whole run, the workers' own start (Node, imports, warm pool) included. */
  cpuSecondsPerGradingWithStart: number;
  /** Gradings left out of the steady-state window at its start. */
  warmup: number;
  /** Steal per grading in the steady-state window (not in the figure; earlier figures, to 2026-12-03, counted it as busy). */
  stealSecondsPerGrading: number;
  /**
   * The steady-state figure's parts, CPU-s per grading (see cpuParts); the rest is the shims and
   * runc, the workers, PostgreSQL and the kernel.
   */
  parts: Partial<Record<CpuPart, number>>;
  recorded: number;
  lost: number;
  /** Gradings executed more than once (at-least-once delivery); their result is still stored once. */
  executedTwice: number;
}

/**
 * Queues `count` gradings of the same files at once, then starts `workers` worker processes
 * (`server/worker-main.ts`, one grading at a time each) and measures until every result is stored.
 */
export async function measureThroughput(options: {
  root: string;
  files: WorkspaceFile[];
  count: number;
  workers: number;
  port: number;
  /** The challenge graded (default terraform-refactor); `files` are its submission. */
  slug?: string;
  /** Results stored before the steady-state window opens (default: a tenth of `count`, at least 1). */
  warmup?: number;
}): Promise<ThroughputResult> {
  const warmup = options.warmup ?? Math.max(1, Math.floor(options.count / 10));
  const dataDir = path.join(options.root, '.data', `bench-throughput-${options.workers}`);
  await rm(dataDir, { recursive: true, force: true });
  const server = await startEmbeddedPostgres({ dataDir, port: options.port, persistent: false });
  const db = createPool(server.url);
  const children: ChildProcess[] = [];
  try {
    await migrate(db);
    await seedDemo(db, configWith({ SESSION_SECRET: 'bench-secret-bench-secret' }));
    const { rows } = await db.query<{ id: string; organisationId: string }>(
      'select id, organisation_id as "organisationId" from attempts limit 1',
    );
    const attempt = rows[0];
    if (!attempt) throw new Error('the demo seed made no attempt');
    const boss = await startBoss(server.url);
    const queue = pgBossQueue(boss);
    for (let i = 0; i < options.count; i++) {
      const grading = await insertGrading(db, {
        organisationId: attempt.organisationId,
        attemptId: attempt.id,
        challengeSlug: options.slug ?? 'terraform-refactor',
        kind: 'run',
        files: options.files,
      });
      await queue.enqueue(grading.id);
    }
    await boss.stop({ graceful: false, timeout: 1000 });

    const executions = new Map<string, number>();
    const cpuBefore = machineCpu();
    const partsBefore = cpuParts();
    const started = performance.now();
    for (let i = 0; i < options.workers; i++) {
      const child = spawn(path.join(options.root, 'node_modules/.bin/node'), ['server/worker-main.ts'], {
        cwd: options.root,
        env: { PATH: process.env.PATH, DATABASE_URL: server.url, WORKER_CONCURRENCY: '1' },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      // The worker logs JSON lines (server/logging.ts): one `graded` line per execution. A chunk
      // may end mid-line; the rest comes with the next.
      let partial = '';
      child.stdout?.on('data', (chunk: Buffer) => {
        const lines = (partial + chunk.toString()).split('\n');
        partial = lines.pop() ?? '';
        for (const line of lines) {
          const id = line.includes('"msg":"graded"')
            ? /"gradingId":"([0-9a-f-]{36})"/.exec(line)?.[1]
            : undefined;
          if (id) executions.set(id, (executions.get(id) ?? 0) + 1);
        }
      });
      children.push(child);
    }
    const deadline = Date.now() + 30 * 60_000;
    let finished = 0;
    // The window opens at the first poll that sees `warmup` results: CPU and the count are read at
    // the same moment at both ends, so the polling's granularity cancels out.
    let steady:
      | { cpu: ReturnType<typeof machineCpu>; parts: Partial<Record<CpuPart, number>>; finished: number }
      | undefined;
    while (Date.now() < deadline) {
      const count = await db.query<{ n: number }>(
        `select count(*)::int as n from gradings where status in ('done', 'error')`,
      );
      finished = count.rows[0]?.n ?? 0;
      if (!steady && finished >= warmup && finished < options.count) {
        steady = { cpu: machineCpu(), parts: cpuParts(), finished };
      }
      if (finished >= options.count) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const wallSeconds = (performance.now() - started) / 1000;
    const cpuAfter = machineCpu();
    const partsAfter = cpuParts();
    // Without a steady window (every result came in one poll), the whole run stands in for it.
    const windowStart = steady ?? { cpu: cpuBefore, parts: partsBefore, finished: 0 };
    const inWindow = finished - windowStart.finished;
    const done = await db.query<{ n: number }>(
      `select count(*)::int as n from gradings where status = 'done'`,
    );
    return {
      workers: options.workers,
      gradings: options.count,
      wallSeconds: Math.round(wallSeconds * 10) / 10,
      perSecond: Math.round((options.count / wallSeconds) * 100) / 100,
      cpuSecondsPerGrading: perUnit(cpuAfter.busy - windowStart.cpu.busy, inWindow),
      cpuSecondsPerGradingWithStart: perUnit(cpuAfter.busy - cpuBefore.busy, options.count),
      stealSecondsPerGrading: perUnit(cpuAfter.steal - windowStart.cpu.steal, inWindow),
      warmup,
      parts: partsPer(windowStart.parts, partsAfter, inWindow),
      recorded: done.rows[0]?.n ?? 0,
      lost: options.count - finished,
      executedTwice: [...executions.values()].filter((n) => n > 1).length,
    };
  } finally {
    for (const child of children) child.kill('SIGTERM');
    await Promise.all(children.map((child) => new Promise((r) => child.once('exit', r))));
    await db.end();
    await server.stop();
  }
}
