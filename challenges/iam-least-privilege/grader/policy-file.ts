import { lstat, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Diagnostic } from '../../_lib/grader-kit/diagnostic.ts';
import type { JsonNode } from './json-scan.ts';
import { duplicateKeys, position, scanJson } from './json-scan.ts';

export const POLICY_FILE = 'policy.json';

/** A problem in the candidate's files, shown with its file and line. */
export type { Diagnostic } from '../../_lib/grader-kit/diagnostic.ts';

export type PolicyFile =
  | { readonly kind: 'missing' }
  | { readonly kind: 'refused'; readonly diagnostics: readonly Diagnostic[] }
  | { readonly kind: 'parsed'; readonly source: string; readonly policy: unknown; readonly root: JsonNode };

// AWS stores at most 6,144 characters of a managed policy; with indentation a real one stays far
// below 64 KiB. The cap keeps a hostile file from costing the sandbox time or memory.
const MAX_FILE_BYTES = 64 * 1024;
// A policy nests 7 levels at most (document, Statement, statement, Condition, operator, key, values).
const MAX_DEPTH = 32;

/**
 * Reads policy.json at the top of the workspace. Anything that is not one JSON document we can
 * judge (binary, too large, a syntax error, a key written twice) is refused with a diagnostic.
 */
export async function loadPolicyFile(dir: string): Promise<PolicyFile> {
  const file = path.join(dir, POLICY_FILE);
  const stats = await lstat(file).catch(() => undefined);
  if (!stats) return { kind: 'missing' };
  if (!stats.isFile()) return refused(0, 'not a regular file');
  if (stats.size > MAX_FILE_BYTES) {
    return refused(
      0,
      `too large to grade: ${stats.size} bytes, more than the ${MAX_FILE_BYTES / 1024} KiB a policy can need`,
    );
  }
  const bytes = await readFile(file);
  let source: string;
  try {
    if (bytes.includes(0)) throw new Error('NUL byte');
    source = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return refused(0, 'not UTF-8 text (binary content)');
  }
  // Editors on Windows like to start a file with a byte order mark; JSON.parse refuses it, AWS does not see it.
  if (source.startsWith('\uFEFF')) source = source.slice(1);
  let policy: unknown;
  try {
    policy = JSON.parse(source);
  } catch (error) {
    const scan = scanJson(source, MAX_DEPTH);
    if (!scan.ok) return refusedAt(source, scan.offset, `not valid JSON: ${scan.message}`);
    return refused(1, `not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const scan = scanJson(source, MAX_DEPTH);
  if (!scan.ok) return refusedAt(source, scan.offset, scan.message);
  const [duplicate] = duplicateKeys(scan.root);
  if (duplicate) {
    return refusedAt(
      source,
      duplicate.keyStart,
      `"${duplicate.key}" appears twice in the same object; tools disagree on which one counts, so write it once`,
    );
  }
  return { kind: 'parsed', source, policy, root: scan.root };
}

function refused(line: number, problem: string): PolicyFile {
  return { kind: 'refused', diagnostics: [{ file: POLICY_FILE, line, message: problem }] };
}

function refusedAt(source: string, offset: number, problem: string): PolicyFile {
  const { line, column } = position(source, offset);
  return { kind: 'refused', diagnostics: [{ file: POLICY_FILE, line, column, message: problem }] };
}
