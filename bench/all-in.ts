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
import type Docker from 'dockerode';
import { imageTag } from '../sandbox/images/build.ts';
import { connectDocker, createSandbox } from '../sandbox/index.ts';
import { loadCatalogue, readTree } from '../server/challenges/load.ts';
import { gradedFromFiles } from '../server/challenges/schema.ts';
import {
  type CpuPart,
  cpuParts,
  machineCpu,
  measureThroughput,
  partsPer,
  perUnit,
  type ThroughputResult,
} from './throughput.ts';

export interface FloorRow {
  /** What the container runs. */
  command: string;
  runs: number;
  /** Whole-machine CPU-s per run (steal left out), and its parts as in ThroughputResult. */
  cpuSecondsPerRun: number;
  parts: Partial<Record<CpuPart, number>>;
}

/**
 * The floor under any grading: one fresh hardened container through the sandbox's own path
 * (create, attach, start, wait, inspect, remove), running nothing (`true`) and then only Node's
 * start (`node -e 0`, with the images' flags), one after the other, no queue or database.
 */
export async function measureFloor(docker: Docker, runs: number): Promise<FloorRow[]> {
  const sandbox = createSandbox({ docker });
  const rows: FloorRow[] = [];
  for (const command of [['true'], ['node', '-e', '0']]) {
    const once = async () => {
      const result = await sandbox.run({
        image: imageTag('grader-node'),
        command,
        files: [],
        workDirs: ['/workspace'],
      });
      if (result.status !== 'ok')
        throw new Error(`${command.join(' ')}: ${result.status} ${result.errorMessage ?? ''}`);
    };
    await once();
    const cpu = machineCpu();
    const parts = cpuParts();
    for (let i = 0; i < runs; i++) await once();
    const after = machineCpu();
    const partsAfter = cpuParts();
    rows.push({
      command: command.join(' '),
      runs,
      cpuSecondsPerRun: perUnit(after.busy - cpu.busy, runs),
      parts: partsPer(parts, partsAfter, runs),
    });
  }
  return rows;
}

/** The markdown section docs/benchmarks.md carries. */
export function allInSection(rows: AllInRow[], floor: FloorRow[]): string {
  const part = (parts: Partial<Record<CpuPart, number>>, name: CpuPart) => parts[name] ?? '–';
  const rest = (total: number, parts: Partial<Record<CpuPart, number>>) =>
    parts.containers !== undefined && parts.dockerd !== undefined && parts.containerd !== undefined
      ? perUnit(total - parts.containers - parts.dockerd - parts.containerd, 1)
      : '–';
  const columns = (total: number, parts: Partial<Record<CpuPart, number>>) =>
    `${part(parts, 'containers')} | ${part(parts, 'dockerd')} | ${part(parts, 'containerd')} | ${rest(total, parts)}`;
  return `## CPU per grading, all in

Each graded challenge's reference queued ${rows[0]?.gradings ?? 50} times and graded by one worker process (one at a time)
through the real queue, database and sandbox. The figure is steady state: the whole machine's
busy CPU from the moment the first tenth of the results are stored to the last, divided by the
gradings finished in between (the worker's own start is the next column). Steal, the time the
hypervisor of this shared VM gave other guests, is not this machine's work and is left out; it was
counted as busy in figures before 2026-12-03 and amounts to the column after. Issue #19's goal for
a Terraform grading: 0.25.

Where it goes, CPU-s per grading: *container* is the sandbox containers' cgroup (the grader, and
the container's init and runc's set-up inside it); *dockerd* and *containerd* the two daemons with
the processes they started and reaped (containerd starts each container's shim and, on this
containerd 1.6, runs the shim binary once more to clean up after every container: its log says
"cleaning up after shim disconnected" each time); *else* is the rest of the machine: the shims
themselves and runc, the worker, PostgreSQL, the kernel. The parts are the processes' own counters,
the total the kernel's machine-wide one; they agree to a few hundredths.

| challenge | CPU-s per grading | with the worker's start | steal | gradings a second | container | dockerd | containerd | else |
|---|---|---|---|---|---|---|---|---|
${rows.map((r) => `| ${r.slug} | ${r.cpuSecondsPerGrading} | ${r.cpuSecondsPerGradingWithStart} | ${r.stealSecondsPerGrading} | ${r.perSecond} | ${columns(r.cpuSecondsPerGrading, r.parts)} |`).join('\n')}

The floor under every grading, the same way (${floor[0]?.runs ?? 0} runs each, one at a time): a fresh container
under the sandbox policy that runs nothing, and one that only starts Node; no queue, database or
worker. Every grading pays the first; a Node grader pays the second before it loads a line of its own.

| container runs | CPU-s per run | container | dockerd | containerd | else |
|---|---|---|---|---|---|
${floor.map((f) => `| \`${f.command}\` | ${f.cpuSecondsPerRun} | ${columns(f.cpuSecondsPerRun, f.parts)} |`).join('\n')}
`;
}

export interface AllInRow {
  slug: string;
  gradings: number;
  /** Steady state: what one more grading costs a running worker (see ThroughputResult). */
  cpuSecondsPerGrading: number;
  /** Over the whole run, the worker's start included. */
  cpuSecondsPerGradingWithStart: number;
  perSecond: number;
  stealSecondsPerGrading: number;
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
      stealSecondsPerGrading: result.stealSecondsPerGrading,
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
  const floor = await measureFloor(connectDocker(), 40);
  const figures = {
    measuredAt: new Date().toISOString(),
    machine: { host: hostname(), cpus: cpus().length, node: process.version, loadavg: loadavg() },
    unit: 'CPU-s of the whole machine per grading',
    rows,
    floor,
  };
  process.stdout.write(`${JSON.stringify(figures, null, 2)}\n`);
  process.stderr.write(allInSection(rows, floor));
  writeFileSync(path.join(import.meta.dirname, 'all-in.json'), `${JSON.stringify(figures, null, 2)}\n`);
  process.exit(0);
}
