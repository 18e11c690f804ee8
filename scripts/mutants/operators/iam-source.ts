/**
 * What the IAM policy mutation operators work on: the submission's files read into the objects the
 * operators target, and the edit machinery that keeps every mutant loadable. The operators are in
 * iam.ts.
 */
import type { Mutant, MutationOperator, SubmissionFile } from '../types.ts';

export type Json = Record<string, unknown>;

export const isRecord = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
export const strings = (value: unknown): string[] =>
  [value ?? []].flat().filter((v): v is string => typeof v === 'string');
export const clone = <T>(value: T): T => structuredClone(value);

/** One statement of one policy file, and how ids and descriptions name it. */
export interface Site {
  readonly file: SubmissionFile;
  readonly policy: Json;
  readonly index: number;
  readonly statement: Json;
  readonly name: string;
}

export function policyOf(file: SubmissionFile): Json | undefined {
  if (!file.path.endsWith('.json')) return undefined;
  try {
    const parsed: unknown = JSON.parse(file.content);
    return isRecord(parsed) && 'Statement' in parsed ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** Every statement of every policy document among the files, in file and statement order. */
export function sitesOf(files: readonly SubmissionFile[]): Site[] {
  const sites: Site[] = [];
  for (const file of files) {
    const policy = policyOf(file);
    if (!policy) continue;
    [policy.Statement].flat().forEach((statement, index) => {
      if (!isRecord(statement)) return;
      const sid = typeof statement.Sid === 'string' && statement.Sid !== '' ? statement.Sid : `#${index}`;
      sites.push({ file, policy, index, statement, name: `Statement[${sid}]` });
    });
  }
  return sites;
}

/** The whole submission with `site`'s statement replaced by `change(copy)`: one statement, several, or none (undefined). */
export function rewrite(
  files: readonly SubmissionFile[],
  site: Site,
  change: (statement: Json) => Json | Json[] | undefined,
): SubmissionFile[] {
  const policy = clone(site.policy);
  const list = [policy.Statement].flat();
  const changed = change(clone(site.statement));
  const next = list.flatMap((statement, index) =>
    index === site.index ? [changed ?? []].flat() : [statement],
  );
  policy.Statement = Array.isArray(policy.Statement) || next.length !== 1 ? next : next[0];
  const content = `${JSON.stringify(policy, null, 2)}\n`;
  return files.map((file) => (file === site.file ? { path: file.path, content } : file));
}

export function mutant(
  operator: string,
  site: Site,
  where: string,
  description: string,
  files: SubmissionFile[],
): Mutant {
  return {
    id: `${operator} ${site.file.path} ${site.name} ${where}`,
    operator,
    description: `${site.file.path} ${site.name}: ${description}`,
    files,
  };
}

/** Builds an operator from a function listing, per statement, the mutants it makes. */
export function operator(
  name: string,
  description: string,
  each: (site: Site, files: readonly SubmissionFile[]) => Mutant[],
): MutationOperator {
  return { name, description, apply: (files) => sitesOf(files).flatMap((site) => each(site, files)) };
}

/** A list field with one entry replaced. */
export function replaceEntry(statement: Json, field: string, index: number, value: string): Json {
  const entries = strings(statement[field]);
  entries[index] = value;
  return { ...statement, [field]: entries.length === 1 ? entries[0] : entries };
}
