import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export interface ResolvedPackage {
  name: string;
  version: string;
  dir: string;
  /** Installed directly under node_modules (nested ones travel inside their parent's folder). */
  topLevel: boolean;
}

/**
 * The packages `names` need at run time, found the way Node resolves them in an npm-installed
 * tree: a dependency nested in its dependant's node_modules first, the top level otherwise.
 */
export function nodePackageClosure(nodeModules: string, names: string[]): ResolvedPackage[] {
  const found = new Map<string, ResolvedPackage>();
  const visit = (name: string, fromDir: string | null) => {
    const nested = fromDir ? path.join(fromDir, 'node_modules', name) : null;
    const dir = nested && existsSync(nested) ? nested : path.join(nodeModules, name);
    if (found.has(dir)) return;
    const manifestPath = path.join(dir, 'package.json');
    if (!existsSync(manifestPath)) throw new Error(`npm package ${name} is not installed (looked in ${dir})`);
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
      version: string;
      dependencies?: Record<string, string>;
    };
    found.set(dir, { name, version: manifest.version, dir, topLevel: dir === path.join(nodeModules, name) });
    for (const dep of Object.keys(manifest.dependencies ?? {})) visit(dep, dir);
  };
  for (const name of names) visit(name, null);
  return [...found.values()].sort((a, b) => a.dir.localeCompare(b.dir));
}
