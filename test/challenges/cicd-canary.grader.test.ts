import { cp, mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { GraderOutput } from '../../server/challenges/schema.ts';
import { failedIds } from '../support/challenge-host.ts';
import { describeGraderPackage } from '../support/grader-package.ts';
import { itWith, publicFiles } from '../support/public-files.ts';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const challengeDir = path.join(repoRoot, 'challenges/cicd-canary');
const corpus = publicFiles('corpus', 'github-workflows');
const corpusDir = corpus.dir;
const WORKFLOW = '.github/workflows/deploy.yml';

// Vitest loads node_modules with Node's own loader, which needs the same hook as grade.ts.
const hooks = (await import(path.join(challengeDir, 'grader/json-imports.ts'))) as {
  allowWorkflowSchemaImport(): void;
};
hooks.allowWorkflowSchemaImport();
const grader = (await import(path.join(challengeDir, 'grader/grade-workspace.ts'))) as {
  gradeWorkspace(dir: string): Promise<GraderOutput>;
  CHECKS: readonly { id: string }[];
};
const { gradeWorkspace } = grader;

const { expectWellFormed, scratchDir } = await describeGraderPackage({
  slug: 'cicd-canary',
  checks: grader.CHECKS,
  gradeWorkspace,
  shape: {
    title: 'hides some checks and scores both of its dimensions',
    hiddenAtLeast: 2,
    dimensions: ['cicd', 'security'],
  },
  rightIs: 'a different valid pipeline',
  starter: {
    failing: '',
    expect(result, { checkIds }) {
      expect(failedIds(result)).toEqual(checkIds);
    },
  },
  graderTests() {
    it('reports a YAML syntax error with its file and line, and fails every check pointing at it', async () => {
      const lines = (await readFile(path.join(challengeDir, 'solution', WORKFLOW), 'utf8')).split('\n');
      lines[27] = '      - run: npm test: now';
      const result = await gradeWorkspace(await workspace({ [WORKFLOW]: lines.join('\n') }));
      expectWellFormed(result);
      expect(result.diagnostics?.[0]).toMatchObject({ file: WORKFLOW, line: 28 });
      for (const check of result.checks) {
        expect(check).toMatchObject({ passed: false, score: 0 });
        expect(check.message).toContain(`${WORKFLOW} line 28`);
      }
    });

    it('reports what GitHub itself would reject: an unknown key and a needs cycle', async () => {
      const result = await gradeWorkspace(
        await workspace({
          [WORKFLOW]: [
            'on: push',
            'jobs:',
            '  a:',
            '    needs: b',
            '    runs-on: ubuntu-latest',
            '    step: []',
            '  b:',
            '    needs: a',
            '    runs-on: ubuntu-latest',
            '    steps: [{ run: echo }]',
          ].join('\n'),
        }),
      );
      expectWellFormed(result);
      expect(result.diagnostics?.map((d) => d.line)).toContain(6);
      expect(result.checks.every((c) => !c.passed)).toBe(true);
    });

    it('fails every check, without throwing, when there is no workflow', async () => {
      const result = await gradeWorkspace(await workspace({ 'deploy.yml': 'on: push\n' }));
      expectWellFormed(result);
      expect(result.checks.every((c) => !c.passed && c.message.includes('no workflow'))).toBe(true);
    });
  },
});

/** A scratch workspace holding the given files (path → content). */
async function workspace(files: Record<string, string | Uint8Array>): Promise<string> {
  const dir = await scratchDir();
  for (const [name, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), content);
  }
  return dir;
}

describe('the cicd-canary grader on hostile input', () => {
  const quickly = { timeout: 10_000 };

  it('refuses a YAML alias bomb before the parser expands it', quickly, async () => {
    // The attack: nine levels of nine aliases. The workflow parser expands aliases into copies with
    // no limit of its own, so it would build 387 million tokens.
    const levels = 'abcdefghi'.split('');
    const bomb = [
      'on: push',
      'x-a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
      ...levels
        .slice(1)
        .map((name, i) => `x-${name}: &${name} [${Array(9).fill(`*${levels[i]}`).join(',')}]`),
      'jobs:',
      '  a:',
      '    runs-on: ubuntu-latest',
      '    steps: [{ run: echo }]',
    ].join('\n');
    const result = await gradeWorkspace(await workspace({ [WORKFLOW]: bomb }));
    expectWellFormed(result);
    expect(result.diagnostics?.[0]?.message).toContain('YAML nodes');
    expect(result.diagnostics?.[0]?.line).toBeGreaterThan(0);
  });

  it('refuses a 5 MB single line', quickly, async () => {
    const result = await gradeWorkspace(
      await workspace({ [WORKFLOW]: `on: push # ${'x'.repeat(5 * 1024 * 1024)}` }),
    );
    expectWellFormed(result);
    expect(result.diagnostics?.[0]).toMatchObject({
      file: WORKFLOW,
      message: expect.stringContaining('too large'),
    });
  });

  it('refuses binary bytes', quickly, async () => {
    const result = await gradeWorkspace(
      await workspace({ [WORKFLOW]: new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 0, 0xff, 0xfe]) }),
    );
    expectWellFormed(result);
    expect(result.diagnostics?.[0]?.message).toContain('not a UTF-8 text file');
  });

  it('refuses flow collections nested thousands deep', quickly, async () => {
    // The attack: the YAML library spends about 1.5 KB per level of `[[[[…`; 60,000 levels fit in the
    // size limit and would take the parse near the sandbox's memory limit.
    const deep = `on: push\njobs: ${'['.repeat(60_000)}${']'.repeat(60_000)}\n`;
    const result = await gradeWorkspace(await workspace({ [WORKFLOW]: deep }));
    expectWellFormed(result);
    expect(result.diagnostics?.[0]).toMatchObject({ line: 2, message: expect.stringContaining('nested') });
  });

  it('refuses an expression that would build a gigantic string', quickly, async () => {
    // The attack: format('{0}{0}…', format('{0}{0}…', …)) multiplies the length at every level;
    // three levels of 300 placeholders are 270 million characters, a fourth runs out of memory.
    let expression = "'xxxxxxxxxx'";
    for (let level = 0; level < 4; level++) expression = `format('${'{0}'.repeat(300)}', ${expression})`;
    const solution = await readFile(path.join(challengeDir, 'solution', WORKFLOW), 'utf8');
    const hostile = solution.replace(
      'run: ./scripts/deploy.sh production --canary',
      `run: echo \${{ ${expression} }}`,
    );
    const result = await gradeWorkspace(await workspace({ [WORKFLOW]: hostile }));
    expectWellFormed(result);
    expect(result.checks.find((c) => c.id === 'promotes-after-analysis')?.passed).toBe(false);
  });

  itWith(corpus)(
    'grades every workflow of the real-world corpus without throwing',
    { timeout: 120_000 },
    async () => {
      const entries = await readdir(corpusDir, { recursive: true });
      let graded = 0;
      for (const entry of entries.sort()) {
        const file = path.join(corpusDir, entry);
        if (!(await stat(file)).isFile()) continue;
        const dir = await workspace({});
        await mkdir(path.join(dir, '.github/workflows'), { recursive: true });
        await cp(file, path.join(dir, '.github/workflows', path.basename(file)));
        const started = Date.now();
        expectWellFormed(await gradeWorkspace(dir));
        expect(Date.now() - started).toBeLessThan(5_000);
        graded++;
      }
      expect(graded).toBeGreaterThan(100);
    },
  );
});
