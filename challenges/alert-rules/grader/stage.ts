import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { RuleFile } from './workspace.ts';

/**
 * The candidate's rule files, copied to a scratch folder under neutral names (`rules/f0.yml`…):
 * promtool's messages start with `<file>:`, and a name with a colon or a glob character must not
 * confuse them. `original` maps a staged name back to the candidate's path.
 */
export interface Stage {
  readonly dir: string;
  readonly ruleFiles: readonly string[];
  original(staged: string): string | undefined;
  remove(): Promise<void>;
}

export async function stageRuleFiles(files: readonly RuleFile[]): Promise<Stage> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'alert-rules-'));
  try {
    await mkdir(path.join(dir, 'rules'));
    const names = new Map<string, string>();
    for (const [i, file] of files.entries()) {
      const staged = `rules/f${i}.yml`;
      await writeFile(path.join(dir, staged), file.source);
      names.set(staged, file.path);
    }
    return {
      dir,
      ruleFiles: [...names.keys()],
      original: (staged) => names.get(staged),
      remove: () => rm(dir, { recursive: true, force: true }),
    };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}
