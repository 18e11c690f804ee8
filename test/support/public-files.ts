import { existsSync } from 'node:fs';
import path from 'node:path';
import { it } from 'vitest';

/**
 * Public configuration the robustness tests grade (Terraform, Kubernetes, workflows, rules, IAM):
 * `CORPUS_DIR` (default ../shared/corpus) and `REALWORLD_DIR` (default ../shared/realworld), beside
 * the repository in the team's layout. A clone elsewhere sets the two variables; a folder that is
 * missing fails every test that needs it, naming the folder and the variable (never a skip).
 */
export interface PublicFiles {
  dir: string;
  /** Why the folder cannot be used, or undefined when it can. */
  missing: string | undefined;
}

const repoRoot = path.resolve(import.meta.dirname, '../..');
const ROOTS = {
  corpus: { variable: 'CORPUS_DIR', fallback: '../shared/corpus' },
  realworld: { variable: 'REALWORLD_DIR', fallback: '../shared/realworld' },
} as const;

/** The folder `sub` of the corpus or of the real-world collection. */
export function publicFiles(kind: keyof typeof ROOTS, sub: string): PublicFiles {
  const { variable, fallback } = ROOTS[kind];
  const root = path.resolve(repoRoot, process.env[variable] || fallback);
  const dir = path.join(root, sub);
  if (existsSync(dir)) return { dir, missing: undefined };
  const missing = `${dir} does not exist (set ${variable} to the folder holding ${sub}/)`;
  return { dir, missing };
}

/** `it` when the folder exists; otherwise a test that fails, saying which folder is missing. */
export function itWith(files: PublicFiles): typeof it {
  if (files.missing === undefined) return it;
  const reason = files.missing;
  const failing = (name: string) =>
    it(name, () => {
      throw new Error(`needs the public files: ${reason}`);
    });
  return failing as unknown as typeof it;
}
