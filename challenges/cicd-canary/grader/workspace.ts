import { lstat, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Diagnostic } from '../../_lib/grader-kit/diagnostic.ts';

/** A problem in the candidate's files, shown with its file and line. */
export type { Diagnostic } from '../../_lib/grader-kit/diagnostic.ts';

/** One workflow file's text, with its path relative to the workspace. */
export interface SourceFile {
  readonly path: string;
  readonly text: string;
}

export interface Sources {
  readonly files: readonly SourceFile[];
  readonly diagnostics: readonly Diagnostic[];
}

export const WORKFLOWS_DIR = '.github/workflows';

// Real workflows are a few KiB (the largest in the corpus is 12 KiB). The limits keep a hostile
// workspace far inside the sandbox's memory: the parser builds several objects per YAML node.
const MAX_FILES = 10;
const MAX_FILE_BYTES = 128 * 1024;
const MAX_TOTAL_BYTES = 256 * 1024;

/**
 * Reads every workflow GitHub would run: the `.yml` and `.yaml` files directly inside
 * `.github/workflows` (GitHub ignores subfolders). Symbolic links are skipped, and a file that is too
 * large or not UTF-8 text becomes a diagnostic instead of being parsed.
 */
export async function readWorkflowSources(root: string): Promise<Sources> {
  const dir = path.join(root, ...WORKFLOWS_DIR.split('/'));
  const names = await workflowNames(dir);
  const files: SourceFile[] = [];
  const diagnostics: Diagnostic[] = [];
  if (names.length > MAX_FILES) {
    diagnostics.push({ file: WORKFLOWS_DIR, line: 0, message: `more than ${MAX_FILES} workflow files` });
  }
  let total = 0;
  for (const name of names.slice(0, MAX_FILES)) {
    const relative = `${WORKFLOWS_DIR}/${name}`;
    const absolute = path.join(dir, name);
    const { size } = await lstat(absolute);
    total += size;
    if (size > MAX_FILE_BYTES || total > MAX_TOTAL_BYTES) {
      const limit = size > MAX_FILE_BYTES ? `${MAX_FILE_BYTES / 1024} KiB per file` : '256 KiB in all';
      diagnostics.push({ file: relative, line: 0, message: `too large to grade (over ${limit})` });
      continue;
    }
    const text = decodeText(await readFile(absolute));
    if (text === undefined) {
      diagnostics.push({ file: relative, line: 0, message: 'not a UTF-8 text file' });
      continue;
    }
    files.push({ path: relative, text });
  }
  return { files, diagnostics };
}

async function workflowNames(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isFile() && /\.ya?ml$/i.test(e.name))
    .map((e) => e.name)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The text, or undefined for binary content (invalid UTF-8 or NUL bytes). */
function decodeText(bytes: Uint8Array): string | undefined {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return text.includes('\u0000') ? undefined : text;
  } catch {
    return undefined;
  }
}
