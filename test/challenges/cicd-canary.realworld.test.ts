import { cp, mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect } from 'vitest';
import type { GraderOutput } from '../../server/challenges/schema.ts';
import { expectWellFormed, readManifest, weightedScore } from '../support/challenge-host.ts';
import { itWith, publicFiles } from '../support/public-files.ts';

/**
 * Public GitHub Actions workflows (Argo CD, Terraform, Thanos, the AWS load balancer controller,
 * policy_sentry) graded as if a candidate had handed them in: none is a canary pipeline for this
 * storefront, so each file (as the only workflow) and each repository's workflows together must be
 * graded without a grader error or a crash-like message, and score low.
 */
const challengeDir = path.resolve(import.meta.dirname, '../../challenges/cicd-canary');
const realworld = publicFiles('realworld', 'workflows');
const realworldDir = realworld.dir;
const hooks = (await import(path.join(challengeDir, 'grader/json-imports.ts'))) as {
  allowWorkflowSchemaImport(): void;
};
hooks.allowWorkflowSchemaImport();
const { gradeWorkspace } = (await import(path.join(challengeDir, 'grader/grade-workspace.ts'))) as {
  gradeWorkspace(dir: string): Promise<GraderOutput>;
};
const manifest = await readManifest(challengeDir);
const checkIds = manifest.checks.map((c) => c.id);
const CRASH_LIKE = /TypeError|ReferenceError|RangeError|undefined|NaN|\[object Object\]|at .*\.ts:\d+/;

const scratch: string[] = [];
afterAll(async () => {
  await Promise.all(scratch.map((dir) => rm(dir, { recursive: true, force: true })));
});

function expectSound(result: GraderOutput, what: string): void {
  expectWellFormed(result, checkIds);
  expect(JSON.stringify(result), what).not.toMatch(CRASH_LIKE);
  expect(weightedScore(manifest, result), what).toBeLessThan(0.4);
}

describe('the cicd-canary grader on real-world workflows', () => {
  itWith(realworld)(
    'grades every file and every repository without a crash-like message and scores none above 40 %',
    {
      timeout: 300_000,
    },
    async () => {
      const repositories = (await readdir(realworldDir)).sort();
      expect(repositories.length).toBeGreaterThan(3);
      let files = 0;
      for (const repository of repositories) {
        const workflows = path.join(realworldDir, repository, '.github/workflows');
        for (const name of (await readdir(workflows)).sort()) {
          const dir = await mkdtemp(path.join(os.tmpdir(), 'cicd-canary-realworld-'));
          scratch.push(dir);
          await mkdir(path.join(dir, '.github/workflows'), { recursive: true });
          await cp(path.join(workflows, name), path.join(dir, '.github/workflows', name));
          expectSound(await gradeWorkspace(dir), `${repository}/${name}`);
          files++;
        }
        expectSound(await gradeWorkspace(path.join(realworldDir, repository)), repository);
      }
      expect(files).toBeGreaterThan(20);
    },
  );
});
