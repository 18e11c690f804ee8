/** The mutants CLI's arguments, checked: a usage error names the flag and says what it wanted. */
import { existsSync } from 'node:fs';
import path from 'node:path';

export interface MutantsCliArgs {
  /** A challenge folder, or every files challenge of the catalogue. */
  target: { dir: string } | 'all';
  all: boolean;
  doc: boolean;
  record: boolean;
  json: boolean;
  /** Pre-warm graders while others grade (the worker's pool): more CPU at once, less wall time when idle. */
  warm: boolean;
  /** Print the mutants a run would grade, without grading (no Docker needed). */
  list: boolean;
  /** With --doc: write the table from the recorded rates, grading nothing. */
  recorded: boolean;
  only?: string;
  concurrency: number;
}

interface RawArgs {
  values: {
    all?: boolean;
    doc?: boolean;
    record?: boolean;
    json?: boolean;
    warm?: boolean;
    list?: boolean;
    recorded?: boolean;
    only?: string;
    concurrency?: string;
  };
  positionals: string[];
}

const USAGE =
  'usage: npm run mutants -- <slug or challenge folder> [--record] [--json] [--only <operator prefix>] [--concurrency <n>] [--warm] [--list]\n' +
  '       npm run mutants -- --all [--doc [--recorded]] [--record] [--json]';

/** Resolves a slug (challenges/<slug>) or a folder holding challenge.yaml. */
export function resolveChallengeDir(arg: string, projectRoot: string): string | undefined {
  if (existsSync(path.join(arg, 'challenge.yaml'))) return path.resolve(arg);
  const bySlug = path.join(projectRoot, 'challenges', arg);
  return existsSync(path.join(bySlug, 'challenge.yaml')) ? bySlug : undefined;
}

/** Checks the parsed flags; returns the arguments or the one usage error to print. */
export function parseCliArgs(raw: RawArgs, projectRoot: string): MutantsCliArgs | { error: string } {
  const { values, positionals } = raw;
  const all = values.all ?? false;
  const concurrency = Number(values.concurrency ?? '2');
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 16) {
    return { error: `--concurrency ${values.concurrency}: must be a whole number from 1 to 16\n${USAGE}` };
  }
  if (all === positionals.length > 0) {
    return { error: `name one challenge (a slug or a folder), or --all\n${USAGE}` };
  }
  if (positionals.length > 1)
    return { error: `one challenge at a time, got ${positionals.join(' ')}\n${USAGE}` };
  if (values.recorded && !values.doc) {
    return { error: `--recorded writes the table from recorded rates: use it with --all --doc\n${USAGE}` };
  }
  if (values.doc && !all)
    return { error: `--doc writes the table of every challenge: use it with --all\n${USAGE}` };
  if (values.record && values.only !== undefined) {
    return { error: '--record with --only would record the rate of a part of the operators; drop one' };
  }
  if (values.list && (all || values.record))
    return { error: "--list prints one challenge's mutants; it grades and records nothing" };
  if (values.only !== undefined && values.only.trim() === '')
    return { error: '--only needs an operator prefix' };
  let target: MutantsCliArgs['target'] = 'all';
  const [arg] = positionals;
  if (arg !== undefined) {
    const dir = resolveChallengeDir(arg, projectRoot);
    if (!dir) return { error: `${arg}: neither a folder with challenge.yaml nor a slug of challenges/` };
    target = { dir };
  }
  return {
    target,
    all,
    doc: values.doc ?? false,
    record: values.record ?? false,
    json: values.json ?? false,
    warm: values.warm ?? false,
    list: values.list ?? false,
    recorded: values.recorded ?? false,
    ...(values.only !== undefined ? { only: values.only } : {}),
    concurrency,
  };
}
