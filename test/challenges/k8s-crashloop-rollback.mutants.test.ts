import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateMutants } from '../../scripts/mutants/generate.ts';
import { readMutantsManifest } from '../../scripts/mutants/manifest.ts';
import { operators } from '../../scripts/mutants/operators/kubernetes.ts';
import type { SubmissionFile } from '../../scripts/mutants/types.ts';
import {
  challengeDir,
  gradeWorkspace,
  removeScratch,
  scratchDir,
} from '../fixtures/k8s-crashloop-rollback/harness.ts';

afterAll(removeScratch);

const SOLUTION_FILES = ['manifests/checkout-api.yaml', 'manifests/pdb.yaml'];

async function reference(): Promise<SubmissionFile[]> {
  return Promise.all(
    SOLUTION_FILES.map(async (file) => ({
      path: file,
      content: await readFile(path.join(challengeDir, 'solution', file), 'utf8'),
    })),
  );
}

async function grade(files: readonly SubmissionFile[]) {
  const dir = await scratchDir();
  for (const file of files) {
    await mkdir(path.dirname(path.join(dir, file.path)), { recursive: true });
    await writeFile(path.join(dir, file.path), file.content);
  }
  return gradeWorkspace(dir);
}

/**
 * The in-process twin of `npm run mutants -- k8s-crashloop-rollback` (which grades through the real
 * sandbox): every Kubernetes mutant of the reference is graded, and the survivors must be exactly
 * the equivalents mutants.yaml lists with a reason.
 */
describe('the Kubernetes mutation operators, applied to k8s-crashloop-rollback', () => {
  it('make distinct mutants, each still loadable YAML, and every non-equivalent one loses points', {
    timeout: 120_000,
  }, async () => {
    const generated = generateMutants(await reference(), operators);
    expect(generated.operatorErrors).toEqual([]);
    expect(generated.sameAsReference.map((m) => m.id)).toEqual([]);
    expect(generated.mutants.length).toBeGreaterThan(100);
    const manifest = await readMutantsManifest(path.join(challengeDir, 'mutants.yaml'));
    const equivalent = new Set(manifest.equivalent.map((e) => e.id));
    const survivors: string[] = [];
    for (const mutant of generated.mutants) {
      const result = await grade(mutant.files);
      // A mutant the parser refuses tests nothing but the parser.
      expect(result.diagnostics?.filter((d) => /YAML|refused:|Not graded/.test(d.message)) ?? []).toEqual([]);
      if (result.checks.every((c) => c.passed)) survivors.push(mutant.id);
    }
    expect(survivors.filter((id) => !equivalent.has(id))).toEqual([]);
    expect([...equivalent].filter((id) => !survivors.includes(id))).toEqual([]);
  });

  it('give every mutant a stable id in a deterministic order', async () => {
    const first = generateMutants(await reference(), operators).mutants.map((m) => m.id);
    const second = generateMutants(await reference(), operators).mutants.map((m) => m.id);
    expect(second).toEqual(first);
    expect(new Set(first).size).toBe(first.length);
  });
});

describe('the Kubernetes mutation operators, applied to the other right answers', () => {
  it('make mutants of anchors, merge keys, Lists and split YAML files without an operator error, each still loadable', {
    timeout: 120_000,
  }, async () => {
    const rightDir = path.join(challengeDir, '../../test/fixtures/k8s-crashloop-rollback/right');
    for (const name of await readdir(rightDir)) {
      const root = path.join(rightDir, name);
      const files: SubmissionFile[] = [];
      for (const file of (await readdir(root, { recursive: true })).sort()) {
        // JSON manifests are not mutated: an edit written as YAML would no longer be JSON.
        if (!/\.ya?ml$/.test(file)) continue;
        files.push({ path: file, content: await readFile(path.join(root, file), 'utf8') });
      }
      if (files.length === 0) continue;
      const generated = generateMutants(files, operators);
      expect(generated.operatorErrors, name).toEqual([]);
      expect(generated.mutants.length, name).toBeGreaterThan(20);
      for (const mutant of generated.mutants.slice(0, 40)) {
        const result = await grade(mutant.files);
        expect(
          result.diagnostics?.filter((d) => /YAML|refused:|Not graded/.test(d.message)) ?? [],
          mutant.id,
        ).toEqual([]);
      }
    }
  });
});
