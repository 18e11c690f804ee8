import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect } from 'vitest';
import { CHECKS, gradeWorkspace } from '../../challenges/ha-web-architecture/grader/grade-workspace.ts';
import { expectWellFormed } from '../support/challenge-host.ts';
import type { PublicFiles } from '../support/public-files.ts';
import { itWith, publicFiles } from '../support/public-files.ts';

/**
 * Public configuration of every kind (IAM policies, Terraform, Kubernetes, workflows, rules) saved as
 * architecture.json, as a candidate pasting the wrong file would: none is a design, so each must be
 * refused with a "Not graded" message naming the file, never a grader error or a crash-like message.
 */
const checkIds = CHECKS.map((c) => c.id);
const sets: [string, PublicFiles][] = [
  ['real-world IAM policies', publicFiles('realworld', 'iam')],
  ['the corpus (Terraform, Kubernetes, workflows, rules)', publicFiles('corpus', '.')],
];

const scratch: string[] = [];
afterAll(async () => {
  await Promise.all(scratch.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true });
  const files: string[] = [];
  for (const entry of entries.sort()) {
    const file = path.join(dir, entry);
    if ((await stat(file)).isFile()) files.push(file);
  }
  return files;
}

describe.each(sets)('the ha-web-architecture grader on %s saved as architecture.json', (_name, files) => {
  itWith(files)(
    'refuses every one with a clear Not graded message, never a crash',
    { timeout: 300_000 },
    async () => {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'ha-web-architecture-realworld-'));
      scratch.push(dir);
      const graded = await filesUnder(files.dir);
      expect(graded.length).toBeGreaterThan(10);
      for (const file of graded) {
        await writeFile(path.join(dir, 'architecture.json'), await readFile(file));
        const result = await gradeWorkspace(dir);
        expectWellFormed(result, checkIds);
        for (const check of result.checks) {
          expect(check.passed, file).toBe(false);
          expect(check.message, file).toMatch(/^Not graded: architecture\.json/);
          expect(check.message, file).not.toMatch(/TypeError|undefined|\[object|NaN/);
        }
      }
    },
  );
});
