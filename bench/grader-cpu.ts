/**
 * What one grading's grader process costs in CPU, per files challenge graded by Node alone: the grader as written
 * (TypeScript, which Node strips on the way in, loading its WebAssembly stripper) against the grader
 * as the platform ships it (stripped once into .mjs: server/grading/ship-grader.ts), each run on the
 * package's reference solution with `--liftoff-only` (the images' only flag until 2026-12-03), and
 * the shipped grader again with the images' flags today (GRADER_NODE_FLAGS), interleaved, on the host. The
 * sandbox's own cost (container create/start/remove) is the trivial-container row of docs/benchmarks.md.
 * Run alone: `node bench/grader-cpu.ts [rounds=7]`, which prints JSON and writes bench/grader-cpu.json.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { GRADER_NODE_FLAGS } from '../sandbox/images/build.ts';
import { type Challenge, loadCatalogue } from '../server/challenges/load.ts';
import { gradedFromFiles } from '../server/challenges/schema.ts';
import { shipPackage } from '../server/grading/ship-grader.ts';
import { childCpuMeter } from './child-cpu.ts';
import { type Summary, summarize } from './stats.ts';

export interface GraderCpuRow {
  slug: string;
  /** CPU-ms of the grader process, as written (TypeScript) and as shipped (.mjs), `--liftoff-only`. */
  source: Summary;
  shipped: Summary;
  /** As shipped, with the images' flags (GRADER_NODE_FLAGS). */
  shippedWithFlags: Summary;
}

/**
 * The package laid out under `root` as in the repository (`<slug>/grader`, `_lib`), so the graders'
 * `../../_lib` imports resolve as they do in the sandbox (/grader/../../_lib is /_lib), shipped or
 * as written. Returns the entry module's path.
 */
function layOut(challenge: Challenge, root: string, ship: boolean): string {
  const slug = challenge.manifest.slug;
  const files = [
    ...challenge.grader.map((f) => ({ path: `${slug}/grader/${f.path}`, content: f.content })),
    ...challenge.libraries.map((f) => ({ path: `_lib/${f.path}`, content: f.content })),
  ];
  const pack = ship ? shipPackage(files) : { files, pathOf: (p: string) => p };
  for (const f of pack.files) {
    mkdirSync(path.dirname(path.join(root, f.path)), { recursive: true });
    writeFileSync(path.join(root, f.path), f.content);
  }
  // The images keep the graders' packages at /node_modules; here, the project's.
  symlinkSync(path.resolve(import.meta.dirname, '../node_modules'), path.join(root, 'node_modules'));
  const [, entry] = challenge.manifest.sandbox.command; // node /grader/grade.ts /workspace
  if (!entry?.startsWith('/grader/')) throw new Error(`${challenge.manifest.slug}: no /grader entry`);
  return path.join(root, pack.pathOf(`${slug}${entry}`));
}

export async function measureGraderCpu(rounds = 7): Promise<GraderCpuRow[]> {
  const catalogue = await loadCatalogue();
  const meter = childCpuMeter();
  const rows: GraderCpuRow[] = [];
  for (const challenge of catalogue.challenges.values()) {
    // Graders that need only Node (alert-rules' also runs promtool, which lives in its image).
    const { mode, sandbox } = challenge.manifest;
    if (!gradedFromFiles(mode) || sandbox.image !== 'grader-node' || sandbox.command[0] !== 'node') continue;
    const root = mkdtempSync(path.join(tmpdir(), 'grader-cpu-'));
    try {
      const source = layOut(challenge, path.join(root, 'source'), false);
      const shipped = layOut(challenge, path.join(root, 'shipped'), true);
      const solution = path.join(challenge.dir, 'solution');
      const run = (entry: string, flags: readonly string[] = ['--liftoff-only']) => {
        meter();
        execFileSync(process.execPath, [...flags, entry, solution], { stdio: 'pipe' });
        return meter() * 1000;
      };
      const a: number[] = [];
      const b: number[] = [];
      const c: number[] = [];
      run(source); // the first run of each warms the disk cache, not the process
      run(shipped);
      for (let i = 0; i < rounds; i++) {
        a.push(run(source));
        b.push(run(shipped));
        c.push(run(shipped, GRADER_NODE_FLAGS));
      }
      rows.push({
        slug: challenge.manifest.slug,
        source: summarize(a),
        shipped: summarize(b),
        shippedWithFlags: summarize(c),
      });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  }
  return rows;
}

/** The markdown section docs/benchmarks.md carries. */
export function graderCpuSection(rows: GraderCpuRow[]): string {
  const seconds = (s: Summary) => (s.median / 1000).toFixed(3);
  const saved = (from: Summary, to: Summary) => `${Math.round((1 - to.median / from.median) * 100)} %`;
  const line = (r: GraderCpuRow) =>
    `| ${r.slug} | ${seconds(r.source)} | ${seconds(r.shipped)} | ${saved(r.source, r.shipped)} | ${seconds(r.shippedWithFlags)} | ${saved(r.shipped, r.shippedWithFlags)} |`;
  return `## CPU per grading

The grader process alone, per files challenge, on its reference solution: as written (TypeScript,
which Node strips on the way in after loading its WebAssembly stripper) and as the platform ships it
(stripped once into JavaScript modules, \`server/grading/ship-grader.ts\`). Medians of CPU-seconds
(user + system of the process), measured interleaved on the host with \`--liftoff-only\`; then
as shipped with the images' flags today (\`${GRADER_NODE_FLAGS.join(' ')}\`,
\`sandbox/images/build.ts\`): no compiler or GC helper threads, and optimisation only for code a
grading runs thousands of times.

| challenge | as written | as shipped | saved | shipped, images' flags | saved by the flags |
|---|---|---|---|---|---|
${rows.map(line).join('\n')}
`;
}

if (import.meta.main) {
  const rounds = Number(process.argv[2] ?? 7);
  const rows = await measureGraderCpu(rounds);
  process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
  if (rounds === 7) {
    writeFileSync(
      path.join(import.meta.dirname, 'grader-cpu.json'),
      `${JSON.stringify({ at: new Date().toISOString(), cpus: cpus().length, rows }, null, 2)}\n`,
    );
  }
  process.stderr.write(graderCpuSection(rows));
}
