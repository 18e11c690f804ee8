import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Diagnostic, ManifestObject } from './documents.ts';
import { parseManifestFile } from './documents.ts';

export interface Workspace {
  /** Every object the API server would accept, in the order kubectl applies them. */
  readonly objects: readonly ManifestObject[];
  /** Objects the API server would refuse: they are not applied, and manifests-valid fails. */
  readonly rejected: readonly Diagnostic[];
  /** Problems that stop grading altogether. */
  readonly fatal: readonly Diagnostic[];
  readonly files: readonly string[];
}

// Limits that keep hostile input within the sandbox's time and memory: the yaml package's document
// tree takes several hundred bytes of heap per source byte of dense flow YAML (about 100 MB for
// 128 KiB). Real manifests are far smaller: the largest file in the corpus is 46 KiB.
const MAX_FILES = 200;
const MAX_FILE_BYTES = 64 * 1024;
const MAX_TOTAL_BYTES = 256 * 1024;
// The parser recurses per level of flow nesting ([ and {); thousands of levels exhaust its stack and
// hundreds of MB on the way. No manifest nests flow collections anywhere near this deep.
const MAX_FLOW_DEPTH = 64;
const MAX_FOLDER_DEPTH = 10;
const EXTENSIONS = ['.yaml', '.yml', '.json'];

/**
 * Reads every manifest `kubectl apply --recursive -f .` would read, in its order (names sorted
 * within each folder, depth first), hidden ones included as kubectl includes them; `.git` and
 * symbolic links are not read.
 */
export async function loadWorkspace(root: string): Promise<Workspace> {
  const files = await listFiles(root);
  const objects: ManifestObject[] = [];
  const rejected: Diagnostic[] = [];
  const fatal: Diagnostic[] = [];
  if (files.length > MAX_FILES) {
    fatal.push({ file: '.', line: 0, message: `more than ${MAX_FILES} manifest files` });
    return { objects, rejected, fatal, files };
  }
  let total = 0;
  for (const file of files) {
    const bytes = await readFile(path.join(root, ...file.split('/')));
    total += bytes.length;
    if (bytes.length > MAX_FILE_BYTES || total > MAX_TOTAL_BYTES) {
      const limit =
        bytes.length > MAX_FILE_BYTES ? `${MAX_FILE_BYTES / 1024} KiB per file` : '256 KiB in all';
      fatal.push({ file, line: 0, message: `too large to grade (over ${limit})` });
      break;
    }
    const source = decodeText(bytes);
    if (source === undefined) {
      fatal.push({ file, line: 0, message: 'not a text file (binary bytes or invalid UTF-8)' });
      continue;
    }
    const deepAt = flowTooDeepAt(source);
    if (deepAt !== undefined) {
      fatal.push({
        file,
        line: deepAt,
        message: `refused: flow collections nested more than ${MAX_FLOW_DEPTH} deep`,
      });
      continue;
    }
    const parsed = await parseManifestFile(file, source);
    objects.push(...parsed.objects);
    rejected.push(...parsed.rejected);
    fatal.push(...parsed.fatal);
    // One broken file is enough to stop grading; parsing more would only cost memory.
    if (fatal.length > 0) break;
  }
  return { objects, rejected, fatal, files };
}

function decodeText(bytes: Buffer): string | undefined {
  if (bytes.includes(0)) return undefined;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * The line where `[` and `{` first nest past the limit, counted over the raw text before parsing. It
 * only refuses hostile input, never judges a check, so brackets inside strings may count: a real
 * manifest does not reach the limit either way.
 */
function flowTooDeepAt(source: string): number | undefined {
  let depth = 0;
  let line = 1;
  for (const char of source) {
    if (char === '\n') line += 1;
    else if (char === '[' || char === '{') depth += 1;
    else if ((char === ']' || char === '}') && depth > 0) depth -= 1;
    if (depth > MAX_FLOW_DEPTH) return line;
  }
  return undefined;
}

async function listFiles(root: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (relative: string, depth: number): Promise<void> => {
    if (depth > MAX_FOLDER_DEPTH || found.length > MAX_FILES) return;
    const entries = await readdir(path.join(root, ...relative.split('/').filter(Boolean)), {
      withFileTypes: true,
    });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      // kubectl walks hidden files and folders too; only git's own folder is left out.
      if (entry.name === '.git') continue;
      const child = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) await walk(child, depth + 1);
      else if (entry.isFile() && EXTENSIONS.some((ext) => entry.name.endsWith(ext))) found.push(child);
    }
  };
  await walk('', 0);
  return found;
}
