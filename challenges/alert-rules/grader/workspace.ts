import { lstat, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Document } from 'yaml';
import { LineCounter, parseAllDocuments } from 'yaml';
import type { Diagnostic } from '../../_lib/grader-kit/diagnostic.ts';
import { MAX_NESTING, tooDeepAt } from './nesting.ts';

/** A problem in the candidate's files, shown with its file and line (0: the whole file). */
export type { Diagnostic } from '../../_lib/grader-kit/diagnostic.ts';

/** One rule file Prometheus would load, parsed. */
export interface RuleFile {
  /** Path relative to the workspace, with forward slashes (`rules/checkout-api.yml`). */
  readonly path: string;
  readonly source: string;
  /** Undefined for an empty file, which Prometheus loads as no groups. */
  readonly document: Document.Parsed | undefined;
  readonly lines: LineCounter;
}

export interface Workspace {
  readonly files: readonly RuleFile[];
  readonly diagnostics: readonly Diagnostic[];
  /** YAML files outside rules/, which Prometheus never loads: named in messages when rules/ is empty. */
  readonly elsewhere: readonly string[];
}

export const RULES_DIR = 'rules';

// Real rule files are small (the largest in the public corpus is 26 KiB); these limits keep a
// hostile workspace within the sandbox's memory and time.
const MAX_FILES = 20;
const MAX_FILE_BYTES = 128 * 1024;
const MAX_TOTAL_BYTES = 512 * 1024;
export const YAML_OPTIONS = { merge: true, uniqueKeys: true } as const;
export const MAX_ALIASES = 100;

/**
 * Reads and parses `rules/*.yml` and `rules/*.yaml` (the glob the brief's Prometheus loads) in name
 * order. Folders, links and other files are skipped.
 */
export async function loadWorkspace(root: string): Promise<Workspace> {
  const names = await listYaml(path.join(root, RULES_DIR));
  const files: RuleFile[] = [];
  const diagnostics: Diagnostic[] = [];
  if (names.length > MAX_FILES) {
    diagnostics.push({ file: RULES_DIR, line: 0, message: `more than ${MAX_FILES} rule files` });
  }
  let total = 0;
  for (const name of names.slice(0, MAX_FILES)) {
    const relative = `${RULES_DIR}/${name}`;
    const absolute = path.join(root, RULES_DIR, name);
    const { size } = await lstat(absolute);
    total += size;
    if (size > MAX_FILE_BYTES || total > MAX_TOTAL_BYTES) {
      const limit =
        size > MAX_FILE_BYTES
          ? `${MAX_FILE_BYTES / 1024} KiB per file`
          : 'the 512 KiB limit for all rule files';
      diagnostics.push({ file: relative, line: 0, message: `too large to grade (over ${limit})` });
      continue;
    }
    const parsed = parseRuleFile(relative, await readFile(absolute));
    if ('message' in parsed) diagnostics.push(parsed);
    else files.push(parsed);
  }
  const elsewhere = names.length === 0 ? await yamlOutsideRules(root) : [];
  return { files, diagnostics: diagnostics.slice(0, 50), elsewhere };
}

/** Parses one file's bytes; a diagnostic when they are not a single, sane YAML document. */
export function parseRuleFile(file: string, bytes: Uint8Array): RuleFile | Diagnostic {
  let source: string;
  try {
    source = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { file, line: 0, message: 'not a text file: the bytes are not valid UTF-8' };
  }
  const control = firstControlCharacter(source);
  if (control) return { file, ...control };
  const deep = tooDeepAt(source);
  if (deep !== undefined) return { file, line: deep, message: `nested more than ${MAX_NESTING} levels deep` };
  const lines = new LineCounter();
  const documents: Document.Parsed[] = [
    ...parseAllDocuments(source, { ...YAML_OPTIONS, lineCounter: lines }),
  ];
  if (documents.length > 1) {
    const second = documents[1]?.range[0] ?? 0;
    return {
      file,
      line: lines.linePos(second).line,
      message: 'more than one YAML document (`---`): Prometheus reads only the first',
    };
  }
  const [document] = documents;
  const problem = document?.errors[0];
  if (problem) {
    const { line, col } = lines.linePos(problem.pos[0]);
    // The parser appends the position it already gives separately: " at line 7, column 4:".
    const message = firstLine(problem.message).replace(/ at line \d+, column \d+:?$/, '');
    return { file, line, column: col, message };
  }
  try {
    document?.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (error) {
    return { file, line: 0, message: error instanceof Error ? firstLine(error.message) : 'unreadable YAML' };
  }
  return { path: file, source, document, lines };
}

function firstControlCharacter(source: string): Omit<Diagnostic, 'file'> | undefined {
  for (let i = 0, line = 1; i < source.length; i++) {
    const code = source.charCodeAt(i);
    if (code === 10) line++;
    else if ((code < 32 && code !== 9 && code !== 13) || code === 0x7f || code === 0xfffd) {
      const what = code === 0xfffd ? 'bytes that are not UTF-8' : 'control characters';
      return { line, message: `not a text file: it contains ${what}` };
    }
  }
  return undefined;
}

async function listYaml(dir: string): Promise<string[]> {
  let entries: import('node:fs').Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries
    .filter((e) => e.isFile() && (e.name.endsWith('.yml') || e.name.endsWith('.yaml')))
    .map((e) => e.name)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

async function yamlOutsideRules(root: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (relative: string, depth: number): Promise<void> => {
    if (depth > 3 || found.length >= 5) return;
    let entries: import('node:fs').Dirent[];
    try {
      entries = await readdir(path.join(root, relative), { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const child = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.name.startsWith('.')) continue;
      if (entry.isDirectory()) await walk(child, depth + 1);
      else if (entry.isFile() && /\.ya?ml$/.test(entry.name)) found.push(child);
    }
  };
  await walk('', 0);
  return found.slice(0, 5);
}

function firstLine(text: string): string {
  return (text.split('\n')[0] ?? '').slice(0, 500);
}
