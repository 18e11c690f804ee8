/**
 * Reads architecture.json, the only file the grader reads. JSON.parse and the shared zod schema
 * (the canvas's own) decide what the design is; json-scan.ts only says where things are, so every
 * schema problem becomes a diagnostic at its line.
 */
import { lstat, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Architecture } from '../../_lib/architecture/schema.ts';
import { ARCHITECTURE_FILE, parseArchitecture } from '../../_lib/architecture/schema.ts';
import type { Diagnostic } from '../../_lib/grader-kit/diagnostic.ts';
import type { JsonNode } from './json-scan.ts';
import { duplicateKeys, nodeAt, position, scanJson } from './json-scan.ts';

export type DesignFile =
  | { readonly kind: 'missing' }
  | { readonly kind: 'refused'; readonly diagnostics: readonly Diagnostic[] }
  | {
      readonly kind: 'parsed';
      readonly source: string;
      readonly root: JsonNode;
      readonly architecture: Architecture;
    };

/** The platform's cap on a saved file. */
const MAX_FILE_BYTES = 256 * 1024;
// A design nests 5 levels (document, components, component, instances/backups/position, value).
const MAX_DEPTH = 32;
const MAX_DIAGNOSTICS = 20;
const DESIGN_KEYS = ['version', 'cloud', 'regions', 'components', 'edges'];

/** Reads and validates architecture.json at the top of the workspace. */
export async function loadDesignFile(dir: string): Promise<DesignFile> {
  const file = path.join(dir, ARCHITECTURE_FILE);
  const stats = await lstat(file).catch(() => undefined);
  if (!stats) return { kind: 'missing' };
  if (!stats.isFile()) return refused(0, 'not a regular file');
  if (stats.size > MAX_FILE_BYTES) {
    return refused(0, `too large to grade: ${stats.size} bytes, more than the 256 KiB a saved file may hold`);
  }
  const bytes = await readFile(file);
  let source: string;
  try {
    if (bytes.includes(0)) throw new Error('NUL byte');
    source = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return refused(0, 'not UTF-8 text (binary content)');
  }
  if (source.startsWith('\uFEFF')) source = source.slice(1);
  const scan = scanJson(source, MAX_DEPTH);
  if (!scan.ok) return refusedAt(source, scan.offset, `not valid JSON: ${scan.message}`);
  const [duplicate] = duplicateKeys(scan.root);
  if (duplicate) {
    return refusedAt(
      source,
      duplicate.keyStart,
      `"${duplicate.key}" appears twice in the same object; write it once`,
    );
  }
  const { root } = scan;
  // Another JSON file saved under the name (a package.json, a policy) is not a design to fix field by field.
  if (root.kind !== 'object' || !root.entries.some((e) => e.key === 'components')) {
    return refused(
      1,
      `is not an architecture design: it should be one object with ${DESIGN_KEYS.join(', ')} (the canvas writes it)`,
    );
  }
  const parsed = parseArchitecture(source);
  if (parsed.ok) return { kind: 'parsed', source, root, architecture: parsed.architecture };
  const diagnostics = parsed.problems.slice(0, MAX_DIAGNOSTICS).map((problem) => {
    const { node, keyStart } = nodeAt(root, problem.path);
    const { line, column } = position(source, keyStart ?? node.start);
    const where = problem.path.length > 0 ? `${problem.path.join('.')}: ` : '';
    return { file: ARCHITECTURE_FILE, line, column, message: `${where}${problem.message}` };
  });
  return { kind: 'refused', diagnostics };
}

/** The line where the component with `id` starts (1 when it cannot be found). */
export function componentLine(file: { source: string; root: JsonNode }, index: number): number {
  const { node } = nodeAt(file.root, ['components', index]);
  return position(file.source, node.start).line;
}

function refused(line: number, problem: string): DesignFile {
  return { kind: 'refused', diagnostics: [{ file: ARCHITECTURE_FILE, line, message: problem }] };
}

function refusedAt(source: string, offset: number, problem: string): DesignFile {
  const { line, column } = position(source, offset);
  return { kind: 'refused', diagnostics: [{ file: ARCHITECTURE_FILE, line, column, message: problem }] };
}
