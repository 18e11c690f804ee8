import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
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

/** Busy and total CPU time of the whole machine, in seconds (from /proc/stat). */
function machineCpu(): { busy: number; total: number } {
  const fields = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '')
    .trim()
    .split(/\s+/)
    .slice(1)
    .map(Number);
  const total = fields.reduce((a, b) => a + b, 0);
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
  return { busy: (total - idle) / 100, total: total / 100 };
}

export interface ThroughputResult {
  workers: number;
  gradings: number;
  wallSeconds: number;
  perSecond: number;
  /** Whole-machine CPU-seconds (workers, sandboxes, PostgreSQL, dockerd) per grading. */
  cpuSecondsPerGrading: number;
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
}): Promise<ThroughputResult> {
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
    while (Date.now() < deadline) {
      const count = await db.query<{ n: number }>(
        `select count(*)::int as n from gradings where status in ('done', 'error')`,
      );
      finished = count.rows[0]?.n ?? 0;
      if (finished >= options.count) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const wallSeconds = (performance.now() - started) / 1000;
    const cpuAfter = machineCpu();
    const done = await db.query<{ n: number }>(
      `select count(*)::int as n from gradings where status = 'done'`,
    );
    return {
      workers: options.workers,
      gradings: options.count,
      wallSeconds: Math.round(wallSeconds * 10) / 10,
      perSecond: Math.round((options.count / wallSeconds) * 100) / 100,
      cpuSecondsPerGrading: Math.round(((cpuAfter.busy - cpuBefore.busy) / options.count) * 1000) / 1000,
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
