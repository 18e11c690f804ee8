import { execFile } from 'node:child_process';
import { cp, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import type { GraderOutput } from '../../server/challenges/schema.ts';
import { graderOutputSchema } from '../../server/challenges/schema.ts';
import {
  applyAll,
  CHECKS,
  challengeDir,
  checkIds,
  failedIds,
  fixturesDir,
  gradeWorkspace,
  inventoryOf,
  loadWorkspace,
  manifest,
  removeScratch,
  repoRoot,
  STARTER_INVENTORY,
  scratchDir,
  submission,
  weightedScore,
} from '../fixtures/k8s-crashloop-rollback/harness.ts';
import { briefRequirements, expectWellFormed as expectWellFormedOf } from '../support/challenge-host.ts';
import { itWith, publicFiles } from '../support/public-files.ts';

const corpus = publicFiles('corpus', 'kubernetes');
const corpusDir = corpus.dir;
const wrongCases = (await readdir(path.join(fixturesDir, 'wrong'))).sort();
const rightCases = (await readdir(path.join(fixturesDir, 'right'))).sort();

afterAll(removeScratch);

const expectWellFormed = (result: GraderOutput): void => expectWellFormedOf(result, checkIds);

describe('the k8s-crashloop-rollback package', () => {
  it('declares the same checks, in the same order, as the grader', () => {
    expect(CHECKS.map((c) => c.id)).toEqual(checkIds);
  });

  it('lists in BRIEF.md exactly the requirements of challenge.yaml', async () => {
    const listed = await briefRequirements(challengeDir);
    expect(listed).toEqual(manifest.requirements.map((r) => `${r.id} ${r.text}`));
  });

  it('hides several checks and scores both of its dimensions', () => {
    expect(manifest.checks.filter((c) => !c.visible).length).toBeGreaterThanOrEqual(3);
    expect(new Set(manifest.checks.map((c) => c.dimension))).toEqual(new Set(manifest.dimensions));
  });

  it('reads from the starter exactly the inventory starter.ts lists', async () => {
    const workspace = await loadWorkspace(path.join(challengeDir, 'starter'));
    expect(inventoryOf(applyAll(workspace.objects))).toEqual([...STARTER_INVENTORY].sort());
  });
});

describe('the k8s-crashloop-rollback grader', () => {
  it('passes the reference solution on every check with score 1', async () => {
    const result = await gradeWorkspace(path.join(challengeDir, 'solution'));
    expectWellFormed(result);
    expect(result.checks.filter((c) => !c.passed || c.score !== 1)).toEqual([]);
    expect(result.diagnostics).toBeUndefined();
  });

  it.each(rightCases)('passes right/%s, a different valid fix, on every check', async (name) => {
    const result = await gradeWorkspace(await submission(path.join(fixturesDir, 'right', name)));
    expectWellFormed(result);
    expect(result.checks.filter((c) => !c.passed)).toEqual([]);
  });

  it('scores the starter below 40 %, failing the rollback and the probe', async () => {
    const result = await gradeWorkspace(path.join(challengeDir, 'starter'));
    expectWellFormed(result);
    expect(weightedScore(result)).toBeLessThan(0.4);
    expect(failedIds(result)).toEqual(expect.arrayContaining(['image-rolled-back', 'startup-budget']));
  });

  it('has at least four wrong solutions, each failing at least one check', () => {
    expect(wrongCases.length).toBeGreaterThanOrEqual(4);
  });

  it.each(wrongCases)('fails exactly the checks wrong/%s/expect.yaml lists', async (name) => {
    const dir = path.join(fixturesDir, 'wrong', name);
    const expected = parseYaml(await readFile(path.join(dir, 'expect.yaml'), 'utf8')) as { fails: string[] };
    expect(expected.fails.length).toBeGreaterThan(0);
    expect(expected.fails.every((id) => checkIds.includes(id))).toBe(true);
    const result = await gradeWorkspace(await submission(dir));
    expectWellFormed(result);
    expect(failedIds(result).sort()).toEqual([...expected.fails].sort());
    for (const check of result.checks.filter((c) => !c.passed))
      expect(check.message.length).toBeGreaterThan(20);
  });

  it('gives the same result every time it grades the same files', async () => {
    for (const dir of [path.join(challengeDir, 'solution'), path.join(challengeDir, 'starter')]) {
      expect(await gradeWorkspace(dir)).toEqual(await gradeWorkspace(dir));
    }
  });

  it('reports a YAML syntax error with its file and line, and fails every check pointing at it', async () => {
    const dir = await scratchDir();
    await cp(path.join(challengeDir, 'solution'), dir, { recursive: true });
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
    const dir = await scratchDir();
    await cp(path.join(challengeDir, 'solution'), dir, { recursive: true });
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

  itWith(corpus)(
    'grades every file and every folder of the real-world corpus without throwing',
    {
      timeout: 120_000,
    },
    async () => {
      const entries = (await readdir(corpusDir, { recursive: true })).map((e) => path.join(corpusDir, e));
      const folders = [corpusDir];
      let files = 0;
      for (const entry of entries) {
        if ((await stat(entry)).isDirectory()) {
          folders.push(entry);
          continue;
        }
        const dir = await scratchDir();
        await cp(entry, path.join(dir, path.basename(entry)));
        expectWellFormed(await gradeWorkspace(dir));
        files += 1;
      }
      for (const folder of folders) expectWellFormed(await gradeWorkspace(folder));
      expect(files).toBeGreaterThan(200);
    },
  );
});

describe('grade.ts, run as the sandbox runs it', () => {
  // Type stripping needs Node 23+; when vitest runs on an older system Node, use the pinned binary.
  const node =
    Number(process.versions.node.split('.')[0]) >= 23
      ? process.execPath
      : path.join(repoRoot, 'node_modules/.bin/node');
  const run = promisify(execFile);
  const gradeTs = path.join(challengeDir, 'grader/grade.ts');

  it.each(['solution', 'starter'])(
    'prints one marker line with a valid result for the %s',
    async (folder) => {
      const marker = 'VERDICT-7d1e:';
      const { stdout } = await run(node, [gradeTs, path.join(challengeDir, folder)], {
        env: { ...process.env, GAUNTLET_VERDICT_MARKER: marker },
      });
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
    const { stdout } = await run(node, [gradeTs, path.join(challengeDir, 'starter')], { env });
    expect(stdout.startsWith('GAUNTLET_VERDICT:{')).toBe(true);
  });
});
