import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, it } from 'vitest';
import { CHECKS, gradeWorkspace } from '../../challenges/terraform-test-env/grader/grade-workspace.ts';
import { describeGraderPackage } from '../support/grader-package.ts';
import { publicFiles } from '../support/public-files.ts';

await describeGraderPackage({
  slug: 'terraform-test-env',
  checks: CHECKS,
  gradeWorkspace,
  shape: {
    title: 'hides several checks and scores three dimensions',
    hiddenAtLeast: 3,
    dimensions: ['architecture', 'iac', 'security'],
  },
  rightIs: 'a different valid environment',
  explained: { messageLongerThan: 20, evidence: true },
  starter: {
    failing: ', failing the state copied from production',
    expect(result) {
      expect(result.checks.find((c) => c.id === 'state-isolated')?.message).toContain("production's state");
    },
  },
  realworld: {
    files: publicFiles('realworld', 'terraform'),
    below: 0.2,
    title: 'scores no public real-world stack above a fifth, and names no grader internals',
  },
  corpus: { files: publicFiles('corpus', 'terraform'), moreThan: 100 },
  graderTests({ challengeDir, expectWellFormed, scratchDir }) {
    it('reports a syntax error with its file and line, and fails every check pointing at it', async () => {
      const dir = await scratchDir(path.join(challengeDir, 'solution'));
      const lines = (await readFile(path.join(dir, 'database.tf'), 'utf8')).split('\n');
      lines[2] = '  subnet_ids = [aws_subnet.data[*].id';
      await writeFile(path.join(dir, 'database.tf'), lines.join('\n'));
      const result = await gradeWorkspace(dir);
      expectWellFormed(result);
      expect(result.diagnostics?.[0]?.file).toBe('database.tf');
      expect(result.diagnostics?.[0]?.line).toBeGreaterThanOrEqual(3);
      for (const check of result.checks) {
        expect(check).toMatchObject({ passed: false, score: 0 });
        expect(check.message).toContain('database.tf line');
      }
    });

    it('fails every check, without throwing, when the workspace has no Terraform files', async () => {
      const result = await gradeWorkspace(await scratchDir());
      expectWellFormed(result);
      expect(result.checks.every((c) => !c.passed && c.message.includes('no .tf files'))).toBe(true);
    });
  },
});
