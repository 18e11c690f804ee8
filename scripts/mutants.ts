/**
 * Mutation testing for graders, the challenge author's tool (issue #12): mutates a challenge's
 * reference solution with the operators its mutants.yaml declares, grades every distinct mutant
 * through the real sandbox, and reports the kill rate and every survivor.
 *
 *   npm run mutants -- <slug or challenge folder> [--record] [--json] [--only <operator prefix>]
 *   npm run mutants -- --all [--doc [--recorded]] [--json]
 *
 * Options: --concurrency <n> (gradings at once, default 2), --warm (also pre-warm graders while others grade: more processes at once, faster only on an idle machine),
 * --list (print the mutants a run would grade, with what each changes, and grade nothing),
 * --recorded (with --all --doc: write the table from the recorded rates, grading nothing).
 * Exits 1 when any run fails (rate below 95 % or below the recorded rate, a grader error, a stale
 * equivalent, an operator error), 2 on a usage or package error.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ensureImage } from '../sandbox/images/build.ts';
import { connectDocker } from '../sandbox/index.ts';
import { loadConfig } from '../server/config.ts';
import { type MutationsOfCatalogue, runCatalogue } from './mutants/catalogue.ts';
import { parseCliArgs } from './mutants/cli-args.ts';
import { validityDocument } from './mutants/doc.ts';
import { listing } from './mutants/listing.ts';
import { recordKillRate } from './mutants/record.ts';
import { formatRate, formatReport, jsonReport } from './mutants/report.ts';
import type { MutationRun } from './mutants/run.ts';

const projectRoot = path.resolve(import.meta.dirname, '..');

function usage(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

const parsed = parseCliArgs(
  parseArgs({
    args: process.argv.slice(2),
    allowPositionals: true,
    options: {
      all: { type: 'boolean', default: false },
      doc: { type: 'boolean', default: false },
      record: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      warm: { type: 'boolean', default: false },
      list: { type: 'boolean', default: false },
      recorded: { type: 'boolean', default: false },
      only: { type: 'string' },
      concurrency: { type: 'string', default: '2' },
    },
  }),
  projectRoot,
);
if ('error' in parsed) usage(parsed.error);

if (parsed.list && parsed.target !== 'all') {
  try {
    process.stdout.write(await listing(parsed.target.dir, parsed.only));
    process.exit(0);
  } catch (error) {
    usage(error instanceof Error ? error.message : String(error));
  }
}

// Progress goes to stderr, so --json's stdout stays one document.
const progress = (line: string) => process.stderr.write(`${line}\n`);
// Ctrl-C stops the gradings in flight (their containers are removed) and records nothing.
const interrupt = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    process.stderr.write('\ninterrupted: stopping the gradings in flight…\n');
    interrupt.abort();
  });
}
let outcome: MutationsOfCatalogue;
try {
  const config = loadConfig();
  const docker = connectDocker(config.DOCKER_HOST);
  outcome = await runCatalogue(parsed, {
    docker,
    signal: interrupt.signal,
    ensureImage: (image) =>
      ensureImage(image, { docker, projectRoot, nodeBinary: process.execPath, progress }),
    progress: (text, final, milestone) => {
      if (process.stderr.isTTY) process.stderr.write(`\r\x1b[2K${text}${final ? '\n' : ''}`);
      else if (final || milestone) process.stderr.write(`${text}\n`);
    },
  });
} catch (error) {
  usage(error instanceof Error ? error.message : String(error));
}

if (interrupt.signal.aborted) {
  process.stderr.write('interrupted: no report, nothing recorded\n');
  process.exit(130);
}
for (const row of outcome.rows) {
  if (parsed.json) break;
  if ('summary' in row.run) process.stdout.write(`${formatReport(row.run)}\n`);
  else if ('missing' in row.run) process.stdout.write(`${row.slug}: ${row.run.missing}\n`);
}
if (parsed.json) {
  const runs = outcome.rows.map((row) =>
    'summary' in row.run
      ? jsonReport(row.run)
      : { slug: row.slug, passed: !('missing' in row.run), ...row.run },
  );
  process.stdout.write(`${JSON.stringify(parsed.all ? runs : runs[0], null, 2)}\n`);
}
if (parsed.record) {
  for (const row of outcome.rows) if ('summary' in row.run) await record(row.slug, row.manifestFile, row.run);
}
if (parsed.doc) {
  const file = path.join(projectRoot, 'docs', 'grading-validity.md');
  await writeFile(file, validityDocument(outcome.rows, new Date(), !parsed.recorded));
  process.stderr.write(`wrote ${path.relative(projectRoot, file)}\n`);
}
const failed = outcome.rows.some((row) =>
  'summary' in row.run ? row.run.failures.length > 0 : 'missing' in row.run,
);
process.exit(failed ? 1 : 0);

/** Writes the measured rate, unless the run fails for another reason than the recorded rate. */
async function record(slug: string, manifestFile: string, run: MutationRun): Promise<void> {
  const { summary, failures } = run;
  const blocking = failures.filter((f) => !f.includes('is below the recorded'));
  if (summary.rate === null || blocking.length > 0) {
    process.stderr.write(`${slug}: not recorded, the run fails for another reason than the recorded rate\n`);
    return;
  }
  await recordKillRate(manifestFile, summary.rate);
  const was = summary.recordedKillRate === null ? '' : ` (was ${formatRate(summary.recordedKillRate)})`;
  process.stderr.write(
    `${slug}: recorded ${formatRate(summary.rate)} in ${path.relative(projectRoot, manifestFile)}${was}\n`,
  );
}
