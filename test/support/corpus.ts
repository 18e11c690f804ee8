import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * The public configuration the graders are tried against: `../shared/corpus` and
 * `../shared/realworld` beside the checkout, or wherever CORPUS_DIR and REALWORLD_DIR say. A clone
 * elsewhere may have neither: outside CI their tests are then skipped with the reason; under
 * CI=true a missing folder fails loudly, so CI never skips them.
 */
const repoRoot = path.resolve(import.meta.dirname, '../..');
const roots = {
  corpus: process.env.CORPUS_DIR ?? path.resolve(repoRoot, '../shared/corpus'),
  realworld: process.env.REALWORLD_DIR ?? path.resolve(repoRoot, '../shared/realworld'),
} as const;

export interface PublicFolder {
  /** The folder, e.g. `<corpus>/terraform`. */
  dir: string;
  /** Whether it is there; when it is not outside CI, `skipReason` says why its tests skip. */
  present: boolean;
  skipReason: string;
}

function folder(kind: keyof typeof roots, name: string): PublicFolder {
  const dir = path.join(roots[kind], name);
  const present = existsSync(dir);
  const variable = kind === 'corpus' ? 'CORPUS_DIR' : 'REALWORLD_DIR';
  if (!present && process.env.CI === 'true')
    throw new Error(`${dir} is missing: CI needs the public ${kind} files (set ${variable} to their folder)`);
  return { dir, present, skipReason: `${dir} is missing (set ${variable} to run these tests)` };
}

/** A folder of `../shared/corpus` (or CORPUS_DIR): terraform, kubernetes, github-workflows… */
export const corpusFolder = (name: string): PublicFolder => folder('corpus', name);

/** A folder of `../shared/realworld` (or REALWORLD_DIR). */
export const realworldFolder = (name: string): PublicFolder => folder('realworld', name);
