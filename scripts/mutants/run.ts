/** One mutation run of one challenge: generate the mutants, grade them, tally the result. */
import path from 'node:path';
import { type Challenge, loadChallenge, readTree } from '../../server/challenges/load.ts';
import { saveFilesRequestSchema } from '../../server/contract/api.ts';
import { describeZodError } from '../../server/errors.ts';
import { describeChange } from './diff.ts';
import { type GeneratedMutants, generateMutants } from './generate.ts';
import { type GradeSubmission, gradeMutants, gradeWithRetry } from './grade-mutants.ts';
import { type MutantsManifest, readMutantsManifest } from './manifest.ts';
import { operatorsFor } from './operators/index.ts';
import { type MutantResult, type MutationSummary, summarize } from './summary.ts';
import type { Mutant, MutationOperator, SubmissionFile } from './types.ts';

/** A challenge ready to mutate: its package, its mutants.yaml and its reference solution. */
export interface MutationTarget {
  challenge: Challenge;
  manifestFile: string;
  manifest: MutantsManifest;
  reference: SubmissionFile[];
}

/** Loads challenges/<slug> (or any challenge folder) with its mutants.yaml and solution/. */
export async function loadMutationTarget(challengeDir: string): Promise<MutationTarget> {
  const challenge = await loadChallenge(challengeDir);
  const manifestFile = path.join(challengeDir, 'mutants.yaml');
  const manifest = await readMutantsManifest(manifestFile);
  const reference = await readTree(path.join(challengeDir, 'solution'), 1000);
  return { challenge, manifestFile, manifest, reference };
}

export interface MutationRun {
  slug: string;
  /** The reference's score: anything but 100 makes every mutant "killed", so the run stops there. */
  referenceScore: number | null;
  sameAsReference: number;
  duplicates: number;
  operatorErrors: { operator: string; error: string }[];
  results: MutantResult[];
  summary: MutationSummary;
  /** The summary's failures plus the run's own (operator errors, a reference below 100). */
  failures: string[];
}

export interface RunOptions {
  grade: GradeSubmission;
  concurrency: number;
  /** Operators whose name starts with this prefix; all by default. */
  only?: string;
  /** Replaces the registry's operators (tests prove the runner with their own). */
  operators?: readonly MutationOperator[];
  progress?: (done: number, total: number, result: MutantResult) => void;
}

/** The mutants a run would grade, without grading them (`--list`). */
export function listMutants(target: MutationTarget, only?: string): GeneratedMutants {
  const operators = operatorsFor(target.manifest.operators).filter(
    (o) => only === undefined || o.name.startsWith(only),
  );
  return generateMutants(target.reference, operators);
}

/** Keeps the mutants the platform would accept as a submission; the rest are operator errors. */
function acceptable(mutants: Mutant[], errors: MutationRun['operatorErrors']): Mutant[] {
  return mutants.filter((mutant) => {
    const parsed = saveFilesRequestSchema.safeParse({ files: mutant.files });
    if (!parsed.success) {
      errors.push({
        operator: mutant.operator,
        error: `${mutant.id} is not a submission the platform accepts: ${describeZodError(parsed.error)}`,
      });
    }
    return parsed.success;
  });
}

/** Grades the reference, then every distinct mutant of it, and tallies the kill rate. */
export async function runMutationTesting(target: MutationTarget, options: RunOptions): Promise<MutationRun> {
  const { challenge, manifest, reference } = target;
  const all = options.operators ?? operatorsFor(manifest.operators);
  const operators = all.filter((o) => options.only === undefined || o.name.startsWith(options.only));
  const generated = generateMutants(reference, operators);
  const operatorErrors = [...generated.operatorErrors];
  const mutants = acceptable(generated.mutants, operatorErrors);
  const base = {
    slug: challenge.manifest.slug,
    sameAsReference: generated.sameAsReference.length,
    duplicates: generated.duplicates.length,
    operatorErrors,
  };
  const failures = operatorErrors.map((e) => `operator ${e.operator}: ${e.error}`);
  if (options.only !== undefined && operators.length === 0) {
    failures.push(`no operator of ${manifest.operators.join(', ')} starts with ${options.only}`);
  }
  const referenceOutcome = await gradeWithRetry(options.grade, reference);
  const referenceScore = referenceOutcome.kind === 'judged' ? referenceOutcome.score : null;
  if (referenceScore !== 100) {
    const why =
      referenceOutcome.kind === 'judged'
        ? `scores ${referenceOutcome.score}`
        : `ends in a ${referenceOutcome.kind.replace('_', ' ')}: ${referenceOutcome.error}`;
    const summary = summarize([], manifest, options.only === undefined ? {} : { only: options.only });
    const own = `the reference solution ${why}, not 100: every mutant would count as killed, so none was graded`;
    return { ...base, referenceScore, results: [], summary, failures: [own, ...failures] };
  }
  const graded = await gradeMutants(mutants, options.grade, {
    concurrency: options.concurrency,
    ...(options.progress ? { progress: options.progress } : {}),
  });
  const results = graded.map((r, i) =>
    r.verdict.kind === 'killed' ? r : { ...r, change: describeChange(reference, mutants[i]?.files ?? []) },
  );
  const summary = summarize(results, manifest, options.only === undefined ? {} : { only: options.only });
  return { ...base, referenceScore, results, summary, failures: [...failures, ...summary.failures] };
}
