import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import type { GraderOutput } from '../../server/challenges/schema.ts';
import { graderOutputSchema } from '../../server/challenges/schema.ts';
import {
  briefRequirements,
  expectWellFormed as expectWellFormedOf,
  failedIds,
  readManifest,
  weightedScore as weightedScoreOf,
} from '../support/challenge-host.ts';
import { itWith, publicFiles } from '../support/public-files.ts';

/** The package under test; the one place to change when the folder is renamed. */
const CHALLENGE = 'challenges/cicd-canary';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const challengeDir = path.join(repoRoot, CHALLENGE);
const fixturesDir = path.join(repoRoot, 'test/fixtures/cicd-canary');
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
const manifest = await readManifest(challengeDir);
const checkIds = manifest.checks.map((c) => c.id);
const wrongCases = (await readdir(path.join(fixturesDir, 'wrong'))).sort();
const rightCases = (await readdir(path.join(fixturesDir, 'right'))).sort();

const scratch: string[] = [];
afterAll(async () => {
  await Promise.all(scratch.map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A scratch workspace holding the given files (path → content). */
async function workspace(files: Record<string, string | Uint8Array>): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'cicd-canary-'));
  scratch.push(dir);
  for (const [name, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), content);
  }
  return dir;
}

const weightedScore = (result: GraderOutput): number => weightedScoreOf(manifest, result);

const expectWellFormed = (result: GraderOutput): void => expectWellFormedOf(result, checkIds);

describe('the cicd-canary package', () => {
  it('declares the same checks, in the same order, as the grader', () => {
    expect(grader.CHECKS.map((c) => c.id)).toEqual(checkIds);
  });

  it('lists in BRIEF.md exactly the requirements of challenge.yaml', async () => {
    const listed = await briefRequirements(challengeDir);
    expect(listed).toEqual(manifest.requirements.map((r) => `${r.id} ${r.text}`));
  });

  it('hides some checks and scores both of its dimensions', () => {
    expect(manifest.checks.filter((c) => !c.visible).length).toBeGreaterThanOrEqual(2);
    expect(new Set(manifest.checks.map((c) => c.dimension))).toEqual(new Set(['cicd', 'security']));
  });
});

describe('the cicd-canary grader', () => {
  it('passes the reference solution on every check with score 1', async () => {
    const result = await gradeWorkspace(path.join(challengeDir, 'solution'));
    expectWellFormed(result);
    expect(result.checks.filter((c) => !c.passed || c.score !== 1)).toEqual([]);
    expect(result.diagnostics).toBeUndefined();
  });

  it.each(rightCases)('passes right/%s, a different valid pipeline, on every check', async (name) => {
    const result = await gradeWorkspace(path.join(fixturesDir, 'right', name));
    expectWellFormed(result);
    expect(result.checks.filter((c) => !c.passed)).toEqual([]);
  });

  it('scores the starter below 40 %', async () => {
    const result = await gradeWorkspace(path.join(challengeDir, 'starter'));
    expectWellFormed(result);
    expect(weightedScore(result)).toBeLessThan(0.4);
    expect(failedIds(result)).toEqual(checkIds);
  });

  it.each(wrongCases)('fails exactly the checks wrong/%s/expect.yaml lists', async (name) => {
    const dir = path.join(fixturesDir, 'wrong', name);
    const expected = parseYaml(await readFile(path.join(dir, 'expect.yaml'), 'utf8')) as { fails: string[] };
    expect(expected.fails.every((id) => checkIds.includes(id))).toBe(true);
    const result = await gradeWorkspace(dir);
    expectWellFormed(result);
    expect(failedIds(result).sort()).toEqual([...expected.fails].sort());
    for (const check of result.checks.filter((c) => !c.passed)) expect(check.message).not.toBe('');
  });

  it('gives the same result every time it grades the same files', async () => {
    for (const dir of [
      path.join(challengeDir, 'solution'),
      path.join(fixturesDir, 'wrong', wrongCases[0] ?? ''),
    ]) {
      expect(await gradeWorkspace(dir)).toEqual(await gradeWorkspace(dir));
    }
  });

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
});

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

describe('grade.ts, run as the sandbox runs it', () => {
  // Type stripping needs Node 23+; the pinned binary is used when vitest runs on an older Node.
  const node =
    Number(process.versions.node.split('.')[0]) >= 23
      ? process.execPath
      : path.join(repoRoot, 'node_modules/.bin/node');
  const run = promisify(execFile);

  it.each(['solution', 'starter'])(
    'prints one marker line with a valid result for the %s',
    async (folder) => {
      const marker = 'VERDICT-9c1e:';
      const { stdout } = await run(
        node,
        [path.join(challengeDir, 'grader/grade.ts'), path.join(challengeDir, folder)],
        {
          env: { ...process.env, GAUNTLET_VERDICT_MARKER: marker },
        },
      );
      const lines = stdout.split('\n').filter((line) => line.startsWith(marker));
      expect(lines).toHaveLength(1);
      const result = graderOutputSchema.parse(JSON.parse((lines[0] ?? '').slice(marker.length)));
      expect(result.checks.map((c) => c.id)).toEqual(checkIds);
      expect(result.checks.every((c) => c.passed)).toBe(folder === 'solution');
    },
  );

  it('uses the default marker when none is set', async () => {
    const env = { ...process.env };
    delete env.GAUNTLET_VERDICT_MARKER;
    const { stdout } = await run(
      node,
      [path.join(challengeDir, 'grader/grade.ts'), path.join(challengeDir, 'starter')],
      {
        env,
      },
    );
    expect(stdout.startsWith('GAUNTLET_VERDICT:{')).toBe(true);
  });
});
