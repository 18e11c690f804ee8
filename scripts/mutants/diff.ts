/** What a mutant changed, in a few lines a challenge author can read under its id. */
import type { SubmissionFile } from './types.ts';

const MAX_LINES = 6;

/** The changed middle of one file: the lines between the common head and the common tail. */
function fileChange(before: string, after: string): { removed: string[]; added: string[]; line: number } {
  const a = before.split('\n');
  const b = after.split('\n');
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (
    tail < a.length - head &&
    tail < b.length - head &&
    a[a.length - 1 - tail] === b[b.length - 1 - tail]
  ) {
    tail++;
  }
  return { removed: a.slice(head, a.length - tail), added: b.slice(head, b.length - tail), line: head + 1 };
}

/** Both texts pretty-printed when both are JSON, so a re-serialised file shows only what changed. */
function asJson(a: string, b: string): [string, string] {
  try {
    return [JSON.stringify(JSON.parse(a), null, 2), JSON.stringify(JSON.parse(b), null, 2)];
  } catch {
    return [a, b];
  }
}

const clip = (lines: string[], sign: string) => [
  ...lines.slice(0, MAX_LINES).map((l) => `${sign} ${l}`),
  ...(lines.length > MAX_LINES ? [`${sign} … ${lines.length - MAX_LINES} more lines`] : []),
];

/** Per changed, added or removed file: `path:line` and the lines that went (-) and came (+). */
export function describeChange(
  reference: readonly SubmissionFile[],
  mutant: readonly SubmissionFile[],
): string[] {
  const before = new Map(reference.map((f) => [f.path, f.content]));
  const after = new Map(mutant.map((f) => [f.path, f.content]));
  const paths = [...new Set([...before.keys(), ...after.keys()])].sort();
  return paths.flatMap((p) => {
    const a = before.get(p);
    const b = after.get(p);
    if (a === b) return [];
    if (a === undefined) return [`${p}: added`];
    if (b === undefined) return [`${p}: removed`];
    const change = fileChange(...asJson(a, b));
    return [`${p}:${change.line}`, ...clip(change.removed, '-'), ...clip(change.added, '+')];
  });
}
