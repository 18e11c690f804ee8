import { execFile } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { createGrading } from '../../challenges/_lib/hcl/grading.ts';
import { loadWorkspace } from '../../challenges/_lib/hcl/workspace.ts';
import type { GraderOutput } from '../../challenges/terraform-refactor/grader/grade-workspace.ts';
import { CHECKS, gradeWorkspace } from '../../challenges/terraform-refactor/grader/grade-workspace.ts';
import { STARTER_ADDRESSES } from '../../challenges/terraform-refactor/grader/starter.ts';
import { graderOutputSchema } from '../../server/challenges/schema.ts';
import {
  briefRequirements,
  expectWellFormed as expectWellFormedOf,
  failedIds,
  readManifest,
  weightedScore as weightedScoreOf,
} from '../support/challenge-host.ts';
import { itWith, publicFiles } from '../support/public-files.ts';

const repoRoot = path.resolve(import.meta.dirname, '../..');
const challengeDir = path.join(repoRoot, 'challenges/terraform-refactor');
const fixturesDir = path.join(repoRoot, 'test/fixtures/terraform-refactor/wrong');
const corpus = publicFiles('corpus', 'terraform');
const corpusDir = corpus.dir;
const realworld = publicFiles('realworld', 'terraform');
const manifest = await readManifest(challengeDir);
const checkIds = manifest.checks.map((c) => c.id);
const wrongCases = (await readdir(fixturesDir)).sort();
const rightDir = path.join(repoRoot, 'test/fixtures/terraform-refactor/right');
const rightCases = (await readdir(rightDir)).sort();

const scratch: string[] = [];
afterAll(async () => {
  await Promise.all(scratch.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function scratchDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'terraform-refactor-'));
  scratch.push(dir);
  return dir;
}

const weightedScore = (result: GraderOutput): number => weightedScoreOf(manifest, result);

const expectWellFormed = (result: GraderOutput): void => expectWellFormedOf(result, checkIds);

describe('the terraform-refactor package', () => {
  it('declares the same checks, in the same order, as the grader', () => {
    expect(CHECKS.map((c) => c.id)).toEqual(checkIds);
  });

  it('lists in BRIEF.md exactly the requirements of challenge.yaml', async () => {
    const listed = await briefRequirements(challengeDir);
    expect(listed).toEqual(manifest.requirements.map((r) => `${r.id} ${r.text}`));
  });

  it('hides several checks and scores at least three dimensions', () => {
    expect(manifest.checks.filter((c) => !c.visible).length).toBeGreaterThanOrEqual(3);
    expect(new Set(manifest.checks.map((c) => c.dimension)).size).toBeGreaterThanOrEqual(3);
  });
});

describe('the terraform-refactor grader', () => {
  it('passes the reference solution on every check with score 1', async () => {
    const result = await gradeWorkspace(path.join(challengeDir, 'solution'));
    expectWellFormed(result);
    expect(result.checks.filter((c) => !c.passed || c.score !== 1)).toEqual([]);
    expect(result.diagnostics).toBeUndefined();
  });

  it.each(rightCases)('passes right/%s, a different valid refactor, on every check', async (name) => {
    const result = await gradeWorkspace(path.join(rightDir, name));
    expectWellFormed(result);
    expect(result.checks.filter((c) => !c.passed)).toEqual([]);
  });

  it('scores the starter below 40 %', async () => {
    const result = await gradeWorkspace(path.join(challengeDir, 'starter'));
    expectWellFormed(result);
    expect(weightedScore(result)).toBeLessThan(0.4);
    expect(failedIds(result)).toContain('no-hardcoded-credentials');
    expect(failedIds(result)).toContain('ssh-not-public');
  });

  it('reads from the starter exactly the resources starter.ts lists', async () => {
    const grading = createGrading(await loadWorkspace(path.join(challengeDir, 'starter')));
    const addresses = grading?.inventory().resources.map((r) => r.address);
    expect(addresses?.sort()).toEqual([...STARTER_ADDRESSES].sort());
  });

  it.each(wrongCases)('fails exactly the checks wrong/%s/expect.yaml lists', async (name) => {
    const expected: unknown = parseYaml(await readFile(path.join(fixturesDir, name, 'expect.yaml'), 'utf8'));
    const fails = (expected as { fails: string[] }).fails;
    expect(fails.every((id) => checkIds.includes(id))).toBe(true);
    const result = await gradeWorkspace(path.join(fixturesDir, name));
    expectWellFormed(result);
    expect(failedIds(result).sort()).toEqual([...fails].sort());
  });

  it('gives the same result every time it grades the same files', async () => {
    for (const dir of [path.join(challengeDir, 'solution'), path.join(fixturesDir, wrongCases[0] ?? '')]) {
      expect(await gradeWorkspace(dir)).toEqual(await gradeWorkspace(dir));
    }
  });

  it('reports a syntax error with its file and line, and fails every check pointing at it', async () => {
    const dir = await scratchDir();
    await cp(path.join(challengeDir, 'solution'), dir, { recursive: true });
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
    const dir = await scratchDir();
    await cp(path.join(challengeDir, 'solution'), dir, { recursive: true });
    await writeFile(path.join(dir, 'modules/web_server/outputs.tf'), 'output "x" {\n  value = [\n}\n');
    const result = await gradeWorkspace(dir);
    expect(result.diagnostics?.[0]).toMatchObject({ file: 'modules/web_server/outputs.tf', line: 3 });
  });

  it('fails every check, without throwing, when the workspace has no Terraform files', async () => {
    const result = await gradeWorkspace(await scratchDir());
    expectWellFormed(result);
    expect(result.checks.every((c) => !c.passed && c.message.includes('no .tf files'))).toBe(true);
  });

  itWith(realworld)(
    'scores no public real-world stack above half, and names no grader internals',
    {
      timeout: 120_000,
    },
    async () => {
      const base = realworld.dir;
      const folders = [base];
      for (const entry of await readdir(base, { recursive: true })) {
        if ((await stat(path.join(base, entry))).isDirectory()) folders.push(path.join(base, entry));
      }
      for (const folder of folders) {
        const result = await gradeWorkspace(folder);
        expectWellFormed(result);
        expect(weightedScore(result), folder).toBeLessThan(0.5);
        const text = JSON.stringify(result.checks);
        expect(text, folder).not.toMatch(/TypeError|Cannot read|\bNaN\b|\.ts:\d/);
      }
      expect(folders.length).toBeGreaterThan(3);
    },
  );

  itWith(corpus)(
    'grades every file and folder of the real-world corpus without throwing',
    {
      timeout: 120_000,
    },
    async () => {
      const entries = (await readdir(corpusDir, { recursive: true })).map((e) => path.join(corpusDir, e));
      const folders = [corpusDir];
      for (const entry of entries) {
        if ((await stat(entry)).isDirectory()) {
          folders.push(entry);
          continue;
        }
        const dir = await scratchDir();
        await cp(entry, path.join(dir, path.basename(entry)));
        expectWellFormed(await gradeWorkspace(dir));
      }
      for (const folder of folders) expectWellFormed(await gradeWorkspace(folder));
      expect(entries.length).toBeGreaterThan(100);
    },
  );
});

describe('grade.ts, run as the sandbox runs it', () => {
  // Type stripping needs Node 23+. The owner's test script runs vitest on the pinned Node 24; when
  // vitest runs on an older system Node, the pinned binary is used instead.
  const node =
    Number(process.versions.node.split('.')[0]) >= 23
      ? process.execPath
      : path.join(repoRoot, 'node_modules/.bin/node');
  const run = promisify(execFile);

  it.each(['solution', 'starter'])(
    'prints one marker line with a valid result for the %s',
    async (folder) => {
      const marker = 'VERDICT-4f2c:';
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
