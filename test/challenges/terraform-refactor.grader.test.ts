import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, it } from 'vitest';
import { createGrading } from '../../challenges/_lib/hcl/grading.ts';
import { loadWorkspace } from '../../challenges/_lib/hcl/workspace.ts';
import { CHECKS, gradeWorkspace } from '../../challenges/terraform-refactor/grader/grade-workspace.ts';
import { STARTER_ADDRESSES } from '../../challenges/terraform-refactor/grader/starter.ts';
import { failedIds } from '../support/challenge-host.ts';
import { describeGraderPackage } from '../support/grader-package.ts';
import { publicFiles } from '../support/public-files.ts';

await describeGraderPackage({
  slug: 'terraform-refactor',
  checks: CHECKS,
  gradeWorkspace,
  shape: {
    title: 'hides several checks and scores at least three dimensions',
    hiddenAtLeast: 3,
    dimensions: 3,
  },
  rightIs: 'a different valid refactor',
  starter: {
    failing: '',
    expect(result) {
      expect(failedIds(result)).toContain('no-hardcoded-credentials');
      expect(failedIds(result)).toContain('ssh-not-public');
    },
  },
  realworld: {
    files: publicFiles('realworld', 'terraform'),
    below: 0.5,
    title: 'scores no public real-world stack above half, and names no grader internals',
  },
  corpus: { files: publicFiles('corpus', 'terraform'), moreThan: 100 },
  graderTests({ challengeDir, expectWellFormed, scratchDir }) {
    it('reads from the starter exactly the resources starter.ts lists', async () => {
      const grading = createGrading(await loadWorkspace(path.join(challengeDir, 'starter')));
      const addresses = grading?.inventory().resources.map((r) => r.address);
      expect(addresses?.sort()).toEqual([...STARTER_ADDRESSES].sort());
    });

    it('reports a syntax error with its file and line, and fails every check pointing at it', async () => {
      const dir = await scratchDir(path.join(challengeDir, 'solution'));
      const broken = (await readFile(path.join(dir, 'storage.tf'), 'utf8')).split('\n');
      broken[1] = '  bucket = ';
      await writeFile(path.join(dir, 'storage.tf'), broken.join('\n'));
      const result = await gradeWorkspace(dir);
      expectWellFormed(result);
      expect(result.diagnostics?.[0]).toMatchObject({ file: 'storage.tf', line: 2 });
      for (const check of result.checks) {
        expect(check).toMatchObject({ passed: false, score: 0 });
        expect(check.message).toContain('storage.tf line 2');
      }
    });

    it('reports a syntax error inside a module folder with its path', async () => {
      const dir = await scratchDir(path.join(challengeDir, 'solution'));
      await writeFile(path.join(dir, 'modules/web_server/outputs.tf'), 'output "x" {\n  value = [\n}\n');
      const result = await gradeWorkspace(dir);
      expect(result.diagnostics?.[0]).toMatchObject({ file: 'modules/web_server/outputs.tf', line: 3 });
    });

    it('fails every check, without throwing, when the workspace has no Terraform files', async () => {
      const result = await gradeWorkspace(await scratchDir());
      expectWellFormed(result);
      expect(result.checks.every((c) => !c.passed && c.message.includes('no .tf files'))).toBe(true);
    });
  },
});
