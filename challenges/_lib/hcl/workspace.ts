import { lstat, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from '@cdktf/hcl2json';
import type { Diagnostic } from '../grader-kit/diagnostic.ts';
import { MAX_NESTING, tooDeepAt } from './nesting.ts';

/** One parsed `.tf` or `.tfvars` file, as hcl2json's JSON. */
export interface ParsedFile {
  /** Path relative to the workspace, with forward slashes. */
  readonly path: string;
  /** Folder relative to the workspace ('' for the workspace itself). */
  readonly dir: string;
  readonly kind: 'tf' | 'tfvars';
  readonly json: Readonly<Record<string, unknown>>;
}

/** A problem in the candidate's files, shown with its file and line. */
export type { Diagnostic } from '../grader-kit/diagnostic.ts';

export interface Workspace {
  readonly files: readonly ParsedFile[];
  readonly diagnostics: readonly Diagnostic[];
}

// Limits that keep a hostile workspace within the sandbox's 20 s and 256 MB. hcl2json's memory grows
// with the largest file it parses (about 135 MB of RSS for 128 KiB, 210 MB for 512 KiB); real
// Terraform files are far smaller (the largest in the corpus is 60 KiB).
const MAX_FILES = 400;
const MAX_FILE_BYTES = 128 * 1024;
const MAX_TOTAL_BYTES = 1024 * 1024;
const MAX_DEPTH = 10;

/**
 * Reads and parses every .tf and .tfvars file under `root`, in a stable order. Hidden folders
 * (.terraform, .git) and symbolic links are skipped: they are never part of the configuration.
 */
export async function loadWorkspace(root: string): Promise<Workspace> {
  const files: ParsedFile[] = [];
  const diagnostics: Diagnostic[] = [];
  const listed = await listFiles(root);
  if (listed.length > MAX_FILES) {
    diagnostics.push({ file: '.', line: 0, message: `more than ${MAX_FILES} .tf and .tfvars files` });
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
    try {
      const json: unknown = await parse(relative, source);
      const dir = path.posix.dirname(relative);
      files.push({
        path: relative,
        dir: dir === '.' ? '' : dir,
        kind: relative.endsWith('.tfvars') ? 'tfvars' : 'tf',
        json: typeof json === 'object' && json !== null ? (json as Record<string, unknown>) : {},
      });
    } catch (error) {
      diagnostics.push(
        ...parserDiagnostics(relative, error instanceof Error ? error.message : String(error)),
      );
    }
  }
  return { files, diagnostics: diagnostics.slice(0, 50) };
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
      else if (entry.isFile() && (entry.name.endsWith('.tf') || entry.name.endsWith('.tfvars')))
        found.push(child);
    }
  };
  await walk('', 0);
  return found;
}

/**
 * hcl2json reports errors as `parse config: [main.tf:12,3-4: Summary; Detail. main.tf:14,1-2: …]`.
 * Reading the positions out of the parser's own message is the only way to get them.
 */
export function parserDiagnostics(file: string, message: string): Diagnostic[] {
  const body = message.replace(/^parse config: \[/, '').replace(/\]$/, '');
  const marker = `${file}:`;
  const starts: number[] = [];
  for (let at = body.indexOf(marker); at !== -1; at = body.indexOf(marker, at + 1)) {
    if (/^\d+,\d+/.test(body.slice(at + marker.length))) starts.push(at);
  }
  if (starts.length === 0) return [{ file, line: 0, message: body.trim() || 'syntax error' }];
  return starts.map((start, i) => {
    const text = body.slice(start + marker.length, starts[i + 1] ?? body.length).trim();
    const [, line = '0', column = '0', rest = text] =
      /^(\d+),(\d+)(?:-[\d,]+)?:\s*([\s\S]*)$/.exec(text) ?? [];
    return { file, line: Number(line), column: Number(column), message: rest.trim().slice(0, 2000) };
  });
}
