import { cp, mkdir, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect } from 'vitest';
import type { GraderOutput } from '../../server/challenges/schema.ts';
import {
  checkIds,
  gradeWorkspace,
  removeScratch,
  scratchDir,
  weightedScore,
} from '../fixtures/k8s-crashloop-rollback/harness.ts';
import { expectWellFormed } from '../support/challenge-host.ts';
import { itWith, publicFiles } from '../support/public-files.ts';

/**
 * Public Kubernetes manifests (Argo CD, ingress-nginx, kube-prometheus, metrics-server, podinfo,
 * microservices-demo…) graded as if a candidate had handed them in: none solves this incident, so
 * each file (in place of the starter's manifest) and each folder must be graded without a grader
 * error or a crash-like message, and score low.
 */
const realworld = publicFiles('realworld', 'k8s');
const realworldDir = realworld.dir;

afterAll(removeScratch);

const CRASH_LIKE = /TypeError|ReferenceError|RangeError|undefined|NaN|\[object Object\]|at .*\.ts:\d+/;

function expectSound(result: GraderOutput, what: string): void {
  expectWellFormed(result, checkIds);
  expect(JSON.stringify(result), what).not.toMatch(CRASH_LIKE);
  expect(weightedScore(result), what).toBeLessThan(0.4);
}

async function manifests(): Promise<{ files: string[]; folders: string[] }> {
  const entries = await readdir(realworldDir, { recursive: true });
  const files: string[] = [];
  const folders: string[] = [];
  for (const entry of entries.sort()) {
    const full = path.join(realworldDir, entry);
    if ((await stat(full)).isDirectory()) folders.push(full);
    else if (/\.(ya?ml|json)$/.test(entry)) files.push(full);
  }
  return { files, folders };
}

describe('the k8s-crashloop-rollback grader on real-world manifests', () => {
  itWith(realworld)(
    'grades every file and every folder without a crash-like message and scores none above 40 %',
    {
      timeout: 300_000,
    },
    async () => {
      const { files, folders } = await manifests();
      expect(files.length).toBeGreaterThan(20);
      for (const file of files) {
        const dir = await scratchDir();
        await mkdir(path.join(dir, 'manifests'));
        await cp(file, path.join(dir, 'manifests', path.basename(file)));
        expectSound(await gradeWorkspace(dir), file);
      }
      for (const folder of folders) expectSound(await gradeWorkspace(folder), folder);
    },
  );
});
