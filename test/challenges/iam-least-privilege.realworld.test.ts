import { cp, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect } from 'vitest';
import { CHECKS, gradeWorkspace } from '../../challenges/iam-least-privilege/grader/grade-workspace.ts';
import { expectWellFormed, readManifest, weightedScore } from '../support/challenge-host.ts';
import { itWith, publicFiles } from '../support/public-files.ts';

/**
 * Public IAM policies (AWS controllers, CSI drivers, policy_sentry examples) graded as if a candidate
 * had handed them in: none solves this challenge, so each must be graded without a grader error or a
 * crash-like message, and score low.
 */
const repoRoot = path.resolve(import.meta.dirname, '../..');
const realworld = publicFiles('realworld', 'iam');
const realworldDir = realworld.dir;
const manifest = await readManifest(path.join(repoRoot, 'challenges/iam-least-privilege'));
const checkIds = CHECKS.map((c) => c.id);

const scratch: string[] = [];
afterAll(async () => {
  await Promise.all(scratch.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function policyFiles(): Promise<string[]> {
  const entries = await readdir(realworldDir, { recursive: true });
  const files: string[] = [];
  for (const entry of entries.sort()) {
    const file = path.join(realworldDir, entry);
    if ((await stat(file)).isFile() && !entry.endsWith('.md')) files.push(file);
  }
  return files;
}

describe('the iam-least-privilege grader on real-world policies', () => {
  itWith(realworld)(
    'grades every one without a crash-like message and scores none above 40 %',
    {
      timeout: 300_000,
    },
    async () => {
      const files = await policyFiles();
      expect(files.length).toBeGreaterThan(20);
      for (const file of files) {
        const dir = await mkdtemp(path.join(os.tmpdir(), 'iam-realworld-'));
        scratch.push(dir);
        await cp(file, path.join(dir, 'policy.json'));
        const result = await gradeWorkspace(dir);
        expectWellFormed(result, checkIds);
        const text = JSON.stringify(result);
        expect(text, file).not.toMatch(
          /TypeError|ReferenceError|undefined|NaN|\[object Object\]|cannot simulate/,
        );
        expect(weightedScore(manifest, result), file).toBeLessThan(0.4);
      }
    },
  );
});
