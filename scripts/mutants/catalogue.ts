/** Runs mutation testing over one challenge or every files challenge, for the CLI and the doc. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type Docker from 'dockerode';
import { CHALLENGES_DIR, loadCatalogue } from '../../server/challenges/load.ts';
import { gradedFromFiles } from '../../server/challenges/schema.ts';
import type { MutantsCliArgs } from './cli-args.ts';
import { countFixtures, type ValidityRow } from './doc.ts';
import { MutantsManifestError } from './manifest.ts';
import { formatRate } from './report.ts';
import { listMutants, loadMutationTarget, runMutationTesting } from './run.ts';
import { sandboxGrader } from './sandbox-grader.ts';

const FIXTURES_DIR = path.resolve(import.meta.dirname, '../../test/fixtures');

export interface CatalogueRow extends ValidityRow {
  manifestFile: string;
}
export interface MutationsOfCatalogue {
  rows: CatalogueRow[];
}

export interface CatalogueDeps {
  docker: Docker;
  /** Aborted on Ctrl-C: gradings in flight stop, the rest are refused, no challenge starts. */
  signal?: AbortSignal;
  /** Builds the sandbox image when its inputs changed (the CLI passes sandbox/images/build.ts's). */
  ensureImage: (image: string) => Promise<void>;
  /**
   * A status line, rewritten in place on a terminal. `final` ends it; `milestone` marks one worth a
   * line of its own in a log (every 10th mutant).
   */
  progress: (text: string, final: boolean, milestone: boolean) => void;
}

/** Every files challenge with a reference solution, in catalogue order. */
export async function filesChallengeDirs(root = CHALLENGES_DIR): Promise<string[]> {
  const { challenges } = await loadCatalogue(root);
  return [...challenges.values()]
    .filter((c) => gradedFromFiles(c.manifest.mode) && existsSync(path.join(c.dir, 'solution')))
    .map((c) => c.dir);
}

/**
 * Runs each target in turn (each run already grades `concurrency` mutants at once). With one named
 * challenge an unusable mutants.yaml is thrown; with --all it becomes that challenge's row.
 */
export async function runCatalogue(args: MutantsCliArgs, deps: CatalogueDeps): Promise<MutationsOfCatalogue> {
  const dirs = args.target === 'all' ? await filesChallengeDirs() : [args.target.dir];
  const rows: CatalogueRow[] = [];
  for (const dir of dirs) {
    if (deps.signal?.aborted) break;
    const slug = path.basename(dir);
    const manifestFile = path.join(dir, 'mutants.yaml');
    const fixtures = {
      right: countFixtures(FIXTURES_DIR, slug, 'right'),
      wrong: countFixtures(FIXTURES_DIR, slug, 'wrong'),
    };
    let target: Awaited<ReturnType<typeof loadMutationTarget>>;
    try {
      target = await loadMutationTarget(dir);
    } catch (error) {
      if (args.target !== 'all' || !(error instanceof MutantsManifestError)) throw error;
      const missing = existsSync(manifestFile)
        ? `unusable mutants.yaml: ${error.message}`
        : 'no mutants.yaml yet';
      rows.push({ slug, manifestFile, run: { missing }, equivalents: 0, ...fixtures });
      continue;
    }
    if (args.recorded) {
      const notGraded = {
        recordedKillRate: target.manifest.recordedKillRate ?? null,
        mutants: listMutants(target, args.only).mutants.length,
      };
      rows.push({
        slug,
        manifestFile,
        run: notGraded,
        equivalents: target.manifest.equivalent.length,
        ...fixtures,
      });
      continue;
    }
    await deps.ensureImage(target.challenge.manifest.sandbox.image);
    const grader = sandboxGrader({
      docker: deps.docker,
      challenge: target.challenge,
      warm: args.warm,
      concurrency: args.concurrency,
      ...(deps.signal ? { signal: deps.signal } : {}),
    });
    const started = Date.now();
    try {
      const run = await runMutationTesting(target, {
        grade: grader.grade,
        concurrency: args.concurrency,
        ...(args.only !== undefined ? { only: args.only } : {}),
        progress: (done, total, result) =>
          deps.progress(
            `${slug}: ${done}/${total} graded, last ${result.verdict.kind} ${result.id}`,
            false,
            done % 10 === 0,
          ),
      });
      if (deps.signal?.aborted) break;
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      deps.progress(
        `${slug}: ${run.summary.graded} mutants in ${seconds} s, kill rate ${formatRate(run.summary.rate)}`,
        true,
        true,
      );
      rows.push({
        slug,
        manifestFile,
        run,
        equivalents: target.manifest.equivalent.length,
        ...fixtures,
        seconds: (Date.now() - started) / 1000,
      });
    } finally {
      await grader.close();
    }
  }
  return { rows };
}
