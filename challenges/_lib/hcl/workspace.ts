import { lstat, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Diagnostic } from '../grader-kit/diagnostic.ts';
import { HclSyntaxError, parseHcl } from './hcl-native.ts';
import { fromTerraformJson, fromTfvarsJson } from './json-syntax.ts';
import { MAX_NESTING, tooDeepAt } from './nesting.ts';
import { applyOverrides } from './overrides.ts';

/**
 * One parsed `.tf`, `.tf.json`, `.tfvars` or `.tfvars.json` file, in hcl2json's JSON shape (Terraform's
 * JSON syntax is converted to it, see json-syntax.ts).
 */
export interface ParsedFile {
  /** Path relative to the workspace, with forward slashes. */
  readonly path: string;
  /** Folder relative to the workspace ('' for the workspace itself). */
  readonly dir: string;
  readonly kind: 'tf' | 'tfvars';
  readonly json: Readonly<Record<string, unknown>>;
  /** Which of Terraform's two syntaxes the file is written in; HCL when unset. */
  readonly syntax?: 'hcl' | 'json';
  /** The file's text, for pointing at lines in messages. */
  readonly source?: string;
}

/** A problem in the candidate's files, shown with its file and line. */
export type { Diagnostic } from '../grader-kit/diagnostic.ts';

export interface Workspace {
  readonly files: readonly ParsedFile[];
  readonly diagnostics: readonly Diagnostic[];
}

// Limits that keep a hostile workspace within the sandbox's 20 s and 256 MB (the parser's time and
// memory grow with the input); real Terraform files are far smaller (the largest in the corpus is 60 KiB).
const MAX_FILES = 400;
const MAX_FILE_BYTES = 128 * 1024;
const MAX_TOTAL_BYTES = 1024 * 1024;
const MAX_DEPTH = 10;

/**
 * Reads and parses every file Terraform reads under `root` (.tf, .tf.json, .tfvars, .tfvars.json), in
 * a stable order, and merges override files into the others as Terraform does (overrides.ts). Hidden
 * folders (.terraform, .git) and symbolic links are skipped: they are never part of the configuration.
 */
export async function loadWorkspace(root: string): Promise<Workspace> {
  const files: ParsedFile[] = [];
  const diagnostics: Diagnostic[] = [];
  const listed = await listFiles(root);
  if (listed.length > MAX_FILES) {
    diagnostics.push({ file: '.', line: 0, message: `more than ${MAX_FILES} Terraform files` });
  }
  let totalBytes = 0;
  for (const relative of listed.slice(0, MAX_FILES)) {
    const absolute = path.join(root, ...relative.split('/'));
    const { size } = await lstat(absolute);
    totalBytes += size;
    if (size > MAX_FILE_BYTES || totalBytes > MAX_TOTAL_BYTES) {
      const limit =
        size > MAX_FILE_BYTES ? `${MAX_FILE_BYTES / 1024} KiB per file` : 'the workspace limit of 1 MiB';
      diagnostics.push({ file: relative, line: 0, message: `too large to grade (over ${limit})` });
      continue;
    }
    const source = await readFile(absolute, 'utf8');
    const deepLine = tooDeepAt(source);
    if (deepLine !== undefined) {
      diagnostics.push({
        file: relative,
        line: deepLine,
        message: `nested more than ${MAX_NESTING} levels deep`,
      });
      continue;
    }
    const dir = path.posix.dirname(relative);
    const kind = /\.tfvars(\.json)?$/.test(relative) ? 'tfvars' : 'tf';
    const syntax = relative.endsWith('.json') ? 'json' : 'hcl';
    try {
      const json = syntax === 'json' ? jsonSyntax(relative, source, kind) : parseHcl(source);
      files.push({
        path: relative,
        dir: dir === '.' ? '' : dir,
        kind,
        syntax,
        source,
        json: typeof json === 'object' && json !== null ? (json as Record<string, unknown>) : {},
      });
    } catch (error) {
      diagnostics.push(parseDiagnostic(relative, error));
    }
  }
  const merged = applyOverrides(files);
  return { files: merged.files, diagnostics: [...diagnostics, ...merged.diagnostics].slice(0, 50) };
}

/** Terraform's JSON syntax: a JSON object at the top, converted to hcl2json's shape. */
function jsonSyntax(file: string, source: string, kind: 'tf' | 'tfvars'): Record<string, unknown> {
  let json: unknown;
  try {
    json = JSON.parse(source);
  } catch (error) {
    throw new Error(`not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new Error(`${file} must hold one JSON object`);
  }
  const body = json as Record<string, unknown>;
  return kind === 'tf' ? fromTerraformJson(body) : fromTfvarsJson(body);
}

/** The files Terraform reads: configuration and variable values, in either syntax. */
function isTerraformFile(name: string): boolean {
  return /\.(tf|tfvars)(\.json)?$/.test(name);
}

async function listFiles(root: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (relative: string, depth: number): Promise<void> => {
    if (depth > MAX_DEPTH) return;
    const entries = await readdir(path.join(root, ...relative.split('/').filter(Boolean)), {
      withFileTypes: true,
    });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      // One file past the limit is enough to know the workspace is too big.
      if (found.length > MAX_FILES || entry.name.startsWith('.')) continue;
      const child = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) await walk(child, depth + 1);
      else if (entry.isFile() && isTerraformFile(entry.name)) found.push(child);
    }
  };
  await walk('', 0);
  return found;
}

/** A parse error as a diagnostic: HCL's with its line and column, JSON's for the whole file. */
function parseDiagnostic(file: string, error: unknown): Diagnostic {
  const message = (error instanceof Error ? error.message : String(error)).slice(0, 2000);
  if (error instanceof HclSyntaxError && error.line > 0) {
    return { file, line: error.line, column: error.column, message };
  }
  return { file, line: 0, message };
}
