import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import {
  applyAll,
  CHECKS,
  failedIds,
  gradeWorkspace,
  inventoryOf,
  loadWorkspace,
  removeScratch,
  STARTER_INVENTORY,
  submission,
} from '../fixtures/k8s-crashloop-rollback/harness.ts';
import { describeGraderPackage } from '../support/grader-package.ts';
import { publicFiles } from '../support/public-files.ts';

afterAll(removeScratch);

await describeGraderPackage({
  slug: 'k8s-crashloop-rollback',
  checks: CHECKS,
  gradeWorkspace,
  shape: {
    title: 'hides several checks and scores both of its dimensions',
    hiddenAtLeast: 3,
    dimensions: 'declared',
  },
  rightIs: 'a different valid fix',
  // The sandbox test leaves expect.yaml out of a fixture, and so must these: kubectl would apply it.
  submission,
  explained: { messageLongerThan: 20 },
  starter: {
    failing: ', failing the rollback and the probe',
    expect(result) {
      expect(failedIds(result)).toEqual(expect.arrayContaining(['image-rolled-back', 'startup-budget']));
    },
  },
  corpus: {
    files: publicFiles('corpus', 'kubernetes'),
    moreThan: 200,
    title: 'grades every file and every folder of the real-world corpus without throwing',
  },
  packageTests({ challengeDir }) {
    it('reads from the starter exactly the inventory starter.ts lists', async () => {
      const workspace = await loadWorkspace(path.join(challengeDir, 'starter'));
      expect(inventoryOf(applyAll(workspace.objects))).toEqual([...STARTER_INVENTORY].sort());
    });
  },
  graderTests({ challengeDir, fixturesDir, expectWellFormed, scratchDir }) {
    it('reports a YAML syntax error with its file and line, and fails every check pointing at it', async () => {
      const dir = await scratchDir(path.join(challengeDir, 'solution'));
      const file = path.join(dir, 'manifests/pdb.yaml');
      const lines = (await readFile(file, 'utf8')).split('\n');
      lines[9] = '  maxUnavailable: [1';
      await writeFile(file, lines.join('\n'));
      const result = await gradeWorkspace(dir);
      expectWellFormed(result);
      expect(result.diagnostics?.[0]).toMatchObject({ file: 'manifests/pdb.yaml' });
      expect(result.diagnostics?.[0]?.line).toBeGreaterThanOrEqual(10);
      for (const check of result.checks) {
        expect(check).toMatchObject({ passed: false, score: 0 });
        expect(check.message).toContain('manifests/pdb.yaml line');
      }
    });

    it('reports a duplicate key as a syntax error on its line', async () => {
      const dir = await scratchDir(path.join(challengeDir, 'solution'));
      const file = path.join(dir, 'manifests/pdb.yaml');
      await writeFile(
        file,
        (await readFile(file, 'utf8')).replace(
          '  maxUnavailable: 1\n',
          '  maxUnavailable: 1\n  maxUnavailable: 2\n',
        ),
      );
      const result = await gradeWorkspace(dir);
      expect(result.diagnostics?.[0]).toMatchObject({ file: 'manifests/pdb.yaml', line: 11 });
    });

    it('points a schema violation at the line of the offending field, and refuses only that object', async () => {
      const dir = await submission(path.join(fixturesDir, 'wrong/memory-in-gigabytes'));
      const source = (await readFile(path.join(dir, 'manifests/checkout-api.yaml'), 'utf8')).split('\n');
      const result = await gradeWorkspace(dir);
      const [diagnostic] = result.diagnostics ?? [];
      expect(diagnostic?.file).toBe('manifests/checkout-api.yaml');
      expect(source[(diagnostic?.line ?? 0) - 1]?.trim()).toBe('memory: 1GB');
      expect(result.checks.find((c) => c.id === 'manifests-valid')?.message).toContain('limits.memory');
    });

    it('fails every check, without throwing, when there are no manifests at all', async () => {
      const result = await gradeWorkspace(await scratchDir());
      expectWellFormed(result);
      expect(result.checks.every((c) => !c.passed)).toBe(true);
    });
  },
});
