import { lstat, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Check as KitCheck } from '../../_lib/grader-kit/check.ts';
import type { Grading } from '../../_lib/hcl/grading.ts';
import { isOverrideFile } from '../../_lib/hcl/overrides.ts';

/** What this grader's checks judge: the expanded configuration plus the files' text. */
export interface RefactorGrading extends Grading {
  /** Every file of the workspace that is text, by path (Terraform files and the others). */
  readonly texts: ReadonlyMap<string, string>;
}

export type Check = KitCheck<RefactorGrading>;

// The same bounds the shared reader keeps, so a hostile workspace costs no more to scan than to parse.
const MAX_FILES = 400;
const MAX_FILE_BYTES = 128 * 1024;
const MAX_TOTAL_BYTES = 1024 * 1024;
const MAX_DEPTH = 10;

const TERRAFORM_FILE = /\.(tf|tfvars)(\.json)?$/;

/**
 * Reads the text of every regular file under `root` (hidden folders and links skipped, the same bounds
 * as the Terraform reader): a key committed in a README or a credentials file is still in the code.
 */
export async function readTexts(root: string): Promise<Map<string, string>> {
  const texts = new Map<string, string>();
  let total = 0;
  const walk = async (relative: string, depth: number): Promise<void> => {
    if (depth > MAX_DEPTH || texts.size >= MAX_FILES) return;
    const entries = await readdir(path.join(root, relative), { withFileTypes: true }).catch(() => []);
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (entry.name.startsWith('.') || texts.size >= MAX_FILES) continue;
      const child = relative ? `${relative}/${entry.name}` : entry.name;
      if (entry.isDirectory()) await walk(child, depth + 1);
      if (!entry.isFile()) continue;
      const { size } = await lstat(path.join(root, child));
      if (size > MAX_FILE_BYTES || total + size > MAX_TOTAL_BYTES) continue;
      total += size;
      const bytes = await readFile(path.join(root, child));
      if (!bytes.includes(0)) texts.set(child, bytes.toString('utf8'));
    }
  };
  await walk('', 0);
  return texts;
}

/** Terraform files among `texts` that the reader did not load (nor report a problem with, nor merge). */
export function unreadTerraformFiles(grading: Grading, texts: ReadonlyMap<string, string>): string[] {
  const read = new Set([
    ...grading.workspace.files.map((f) => f.path),
    ...grading.workspace.diagnostics.map((d) => d.file),
  ]);
  // Override files are merged into their module's other files, so they are read without a place of their own.
  return [...texts.keys()].filter(
    (file) => TERRAFORM_FILE.test(file) && !read.has(file) && !isOverrideFile(file),
  );
}
