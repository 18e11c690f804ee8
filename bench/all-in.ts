/**
 * What one grading costs the whole machine, per graded challenge (#19 point 1): its reference
 * solution queued COUNT times, then one worker process (`server/worker-main.ts`, one grading at a
 * time) grading them through the real queue, database and sandbox, with the busy CPU of the whole
 * machine (/proc/stat) divided by the gradings: engine, container, grader, queue and database, all
 * in. Challenges run one after the other, each on a database of its own.
 * Run alone: `node bench/all-in.ts [count=20] [slug ...]`, which prints the figures as JSON and writes
 * bench/all-in.json.
 */
import { writeFileSync } from 'node:fs';
import { cpus, hostname, loadavg } from 'node:os';
import path from 'node:path';
import { loadCatalogue, readTree } from '../server/challenges/load.ts';
import { gradedFromFiles } from '../server/challenges/schema.ts';
import { measureThroughput, type ThroughputResult } from './throughput.ts';

export interface AllInRow {
  slug: string;
  gradings: number;
  /** Steady state: what one more grading costs a running worker (see ThroughputResult). */
  cpuSecondsPerGrading: number;
  /** Over the whole run, the worker's start included. */
  cpuSecondsPerGradingWithStart: number;
  perSecond: number;
  parts: ThroughputResult['parts'];
}

export async function measureAllIn(options: {
  root: string;
  count: number;
  port: number;
  /** Only these challenges (all files challenges when absent). */
  only?: string[];
}): Promise<AllInRow[]> {
  const catalogue = await loadCatalogue();
  const rows: AllInRow[] = [];
  for (const challenge of catalogue.challenges.values()) {
    if (!gradedFromFiles(challenge.manifest.mode)) continue;
    if (options.only && !options.only.includes(challenge.manifest.slug)) continue;
    const files = await readTree(path.join(challenge.dir, 'solution'));
    const result = await measureThroughput({
      root: options.root,
      files,
      count: options.count,
      workers: 1,
      port: options.port,
      slug: challenge.manifest.slug,
    });
    if (result.recorded !== options.count) {
      throw new Error(`${challenge.manifest.slug}: ${result.recorded} of ${options.count} gradings recorded`);
    }
    rows.push({
      slug: challenge.manifest.slug,
      gradings: result.gradings,
      cpuSecondsPerGrading: result.cpuSecondsPerGrading,
      cpuSecondsPerGradingWithStart: result.cpuSecondsPerGradingWithStart,
      perSecond: result.perSecond,
      parts: result.parts,
    });
  }
  return rows;
}

if (import.meta.main) {
  const count = Number(process.argv[2] ?? 20);
  const only = process.argv.slice(3);
  const rows = await measureAllIn({
    root: path.resolve(import.meta.dirname, '..'),
    count,
    port: 5480,
    ...(only.length > 0 ? { only } : {}),
  });
  const figures = {
    measuredAt: new Date().toISOString(),
    machine: { host: hostname(), cpus: cpus().length, node: process.version, loadavg: loadavg() },
    unit: 'CPU-s of the whole machine per grading',
    rows,
  };
  process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
  writeFileSync(path.join(import.meta.dirname, 'all-in.json'), `${JSON.stringify(figures, null, 2)}\n`);
  process.exit(0);
}
