import { execFile } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import type { GraderOutput } from '../../challenges/terraform-gcp-private-service/grader/grade-workspace.ts';
import {
  CHECKS,
  gradeWorkspace,
} from '../../challenges/terraform-gcp-private-service/grader/grade-workspace.ts';
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
const CHALLENGE_DIR = path.join(repoRoot, 'challenges/terraform-gcp-private-service');
const fixtures = path.join(repoRoot, 'test/fixtures/terraform-gcp-private-service');
const corpus = publicFiles('corpus', 'terraform');
const corpusDir = corpus.dir;
const realworld = publicFiles('realworld', 'terraform');
const manifest = await readManifest(CHALLENGE_DIR);
const checkIds = manifest.checks.map((c) => c.id);
const wrongCases = (await readdir(path.join(fixtures, 'wrong'))).sort();
const rightCases = (await readdir(path.join(fixtures, 'right'))).sort();

const scratch: string[] = [];
afterAll(async () => {
  await Promise.all(scratch.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function scratchDir(from?: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'terraform-gcp-private-service-'));
  scratch.push(dir);
  if (from) await cp(from, dir, { recursive: true });
  return dir;
}

const weightedScore = (result: GraderOutput): number => weightedScoreOf(manifest, result);

const expectWellFormed = (result: GraderOutput): void => expectWellFormedOf(result, checkIds);

describe('the terraform-gcp-private-service package', () => {
  it('declares the same checks, in the same order, as the grader', () => {
    expect(CHECKS.map((c) => c.id)).toEqual(checkIds);
  });

  it('lists in BRIEF.md exactly the requirements of challenge.yaml', async () => {
    const listed = await briefRequirements(CHALLENGE_DIR);
    expect(listed).toEqual(manifest.requirements.map((r) => `${r.id} ${r.text}`));
  });

  it('hides several checks and scores three dimensions', () => {
    expect(manifest.checks.filter((c) => !c.visible).length).toBeGreaterThanOrEqual(3);
    expect(new Set(manifest.checks.map((c) => c.dimension))).toEqual(
      new Set(['architecture', 'iac', 'security']),
    );
  });
});

describe('the terraform-gcp-private-service grader', () => {
  it('passes the reference solution on every check with score 1', async () => {
    const result = await gradeWorkspace(path.join(CHALLENGE_DIR, 'solution'));
    expectWellFormed(result);
    expect(result.checks.filter((c) => !c.passed || c.score !== 1)).toEqual([]);
    expect(result.diagnostics).toBeUndefined();
  });

  it.each(rightCases)('passes right/%s, a different valid environment, on every check', async (name) => {
    const result = await gradeWorkspace(path.join(fixtures, 'right', name));
    expectWellFormed(result);
    expect(result.checks.filter((c) => !c.passed)).toEqual([]);
  });

  it('scores the starter below 40 %, naming the editor grant and the open SSH rule', async () => {
    const result = await gradeWorkspace(path.join(CHALLENGE_DIR, 'starter'));
    expectWellFormed(result);
    expect(weightedScore(result)).toBeLessThan(0.4);
    const evidence = (id: string) => result.checks.find((c) => c.id === id)?.evidence?.join('\n');
    expect(evidence('no-basic-roles')).toContain(
      'google_project_iam_member.runtime_editor (main.tf line 31)',
    );
    expect(evidence('admin-ports-closed')).toContain('google_compute_firewall.debug_ssh (main.tf line 20)');
  });

  it.each(wrongCases)('fails exactly the checks wrong/%s/expect.yaml lists', async (name) => {
    const dir = path.join(fixtures, 'wrong', name);
    const expected = parseYaml(await readFile(path.join(dir, 'expect.yaml'), 'utf8')) as { fails: string[] };
    expect(expected.fails.every((id) => checkIds.includes(id))).toBe(true);
    const result = await gradeWorkspace(dir);
    expectWellFormed(result);
    expect(failedIds(result).sort()).toEqual([...expected.fails].sort());
    for (const check of result.checks.filter((c) => !c.passed)) {
      expect(check.message.length).toBeGreaterThan(20);
      expect(check.evidence?.length ?? 0).toBeGreaterThan(0);
    }
  });

  it('gives the same result every time it grades the same files', async () => {
    for (const dir of [
      path.join(CHALLENGE_DIR, 'solution'),
      path.join(fixtures, 'wrong', wrongCases[0] ?? ''),
      path.join(fixtures, 'right', rightCases[0] ?? ''),
    ]) {
      expect(await gradeWorkspace(dir)).toEqual(await gradeWorkspace(dir));
    }
  });

  it('reports a syntax error with its file and line, and fails every check pointing at it', async () => {
    const dir = await scratchDir(path.join(CHALLENGE_DIR, 'solution'));
    const lines = (await readFile(path.join(dir, 'database.tf'), 'utf8')).split('\n');
    lines[2] = '  region              = [var.region';
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

  itWith(realworld)(
    'scores no public real-world stack above a fifth, and names no grader internals',
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
        expect(weightedScore(result), folder).toBeLessThan(0.2);
        expect(JSON.stringify(result.checks), folder).not.toMatch(/TypeError|Cannot read|\bNaN\b|\.ts:\d/);
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
  // Type stripping needs Node 23+; when vitest runs on an older Node, the pinned binary is used.
  const node =
    Number(process.versions.node.split('.')[0]) >= 23
      ? process.execPath
      : path.join(repoRoot, 'node_modules/.bin/node');
  const run = promisify(execFile);

  it.each(['solution', 'starter'])(
    'prints one marker line with a valid result for the %s',
    async (folder) => {
      const marker = 'VERDICT-9b1e:';
      const { stdout } = await run(
        node,
        [path.join(CHALLENGE_DIR, 'grader/grade.ts'), path.join(CHALLENGE_DIR, folder)],
        { env: { ...process.env, GAUNTLET_VERDICT_MARKER: marker } },
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
      [path.join(CHALLENGE_DIR, 'grader/grade.ts'), path.join(CHALLENGE_DIR, 'starter')],
      { env },
    );
    expect(stdout.startsWith('GAUNTLET_VERDICT:{')).toBe(true);
  });
});
