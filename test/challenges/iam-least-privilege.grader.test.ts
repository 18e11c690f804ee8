import { execFile } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import type { GraderOutput } from '../../challenges/iam-least-privilege/grader/grade-workspace.ts';
import { CHECKS, gradeWorkspace } from '../../challenges/iam-least-privilege/grader/grade-workspace.ts';
import { graderOutputSchema } from '../../server/challenges/schema.ts';
import {
  briefRequirements,
  expectWellFormed as expectWellFormedOf,
  failedIds,
  readManifest,
  weightedScore as weightedScoreOf,
} from '../support/challenge-host.ts';

const repoRoot = path.resolve(import.meta.dirname, '../..');
/** The one place that says where the package lives. */
const challengeDir = path.join(repoRoot, 'challenges/iam-least-privilege');
const fixturesDir = path.join(repoRoot, 'test/fixtures/iam-least-privilege');
const manifest = await readManifest(challengeDir);
const checkIds = manifest.checks.map((c) => c.id);
const wrongCases = (await readdir(path.join(fixturesDir, 'wrong'))).sort();
const rightCases = (await readdir(path.join(fixturesDir, 'right'))).sort();

const scratch: string[] = [];
afterAll(async () => {
  await Promise.all(scratch.map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A fresh workspace holding `policy` as policy.json (written as given when it is a string). */
async function workspaceWith(policy: unknown): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'iam-least-privilege-'));
  scratch.push(dir);
  const text = typeof policy === 'string' ? policy : JSON.stringify(policy, null, 2);
  await writeFile(path.join(dir, 'policy.json'), text);
  return dir;
}

const weightedScore = (result: GraderOutput): number => weightedScoreOf(manifest, result);

const expectWellFormed = (result: GraderOutput): void => expectWellFormedOf(result, checkIds);

describe('the iam-least-privilege package', () => {
  it('declares the same checks, in the same order, as the grader', () => {
    expect(CHECKS.map((c) => c.id)).toEqual(checkIds);
  });

  it('lists in BRIEF.md exactly the requirements of challenge.yaml', async () => {
    const listed = await briefRequirements(challengeDir);
    expect(listed).toEqual(manifest.requirements.map((r) => `${r.id} ${r.text}`));
  });

  it('hides some checks and has at least six', () => {
    expect(manifest.checks.length).toBeGreaterThanOrEqual(6);
    expect(manifest.checks.filter((c) => !c.visible).length).toBeGreaterThanOrEqual(2);
  });

  it('has at least four wrong and one right solution to prove the checks against', () => {
    expect(wrongCases.length).toBeGreaterThanOrEqual(4);
    expect(rightCases.length).toBeGreaterThanOrEqual(1);
  });
});

describe('the iam-least-privilege grader', () => {
  it('passes the reference solution on every check with score 1', async () => {
    const result = await gradeWorkspace(path.join(challengeDir, 'solution'));
    expectWellFormed(result);
    expect(result.checks.filter((c) => !c.passed || c.score !== 1)).toEqual([]);
    expect(result.diagnostics).toBeUndefined();
  });

  it.each(rightCases)('passes right/%s, a different valid policy, on every check', async (name) => {
    const result = await gradeWorkspace(path.join(fixturesDir, 'right', name));
    expectWellFormed(result);
    expect(result.checks.filter((c) => !c.passed || c.score !== 1)).toEqual([]);
  });

  it('scores the starter below 40 %, failing every confinement check', async () => {
    const result = await gradeWorkspace(path.join(challengeDir, 'starter'));
    expectWellFormed(result);
    expect(weightedScore(result)).toBeLessThan(0.4);
    expect(failedIds(result)).toEqual(
      checkIds.filter((id) => !['policy-valid', 'required-access'].includes(id)),
    );
  });

  it.each(wrongCases)('fails exactly the checks wrong/%s/expect.yaml lists', async (name) => {
    const expected: unknown = parseYaml(
      await readFile(path.join(fixturesDir, 'wrong', name, 'expect.yaml'), 'utf8'),
    );
    const fails = (expected as { fails: string[] }).fails;
    expect(fails.every((id) => checkIds.includes(id))).toBe(true);
    const result = await gradeWorkspace(path.join(fixturesDir, 'wrong', name));
    expectWellFormed(result);
    expect(failedIds(result).sort()).toEqual([...fails].sort());
  });

  it('gives a failing confinement check half the share of its representative requests denied', async () => {
    const result = await gradeWorkspace(path.join(fixturesDir, 'wrong', 'queue-name-wildcard'));
    const sqs = result.checks.find((c) => c.id === 'sqs-send-only');
    expect(sqs?.score).toBeGreaterThan(0.25);
    expect(sqs?.score).toBeLessThanOrEqual(0.5);
    expect(
      sqs?.evidence?.some((line) =>
        line.endsWith('sqs:SendMessage on arn:aws:sqs:eu-west-1:111122223333:invoice-parsed-dlq'),
      ),
    ).toBe(true);
  });

  it('names the line and statement that allow a forbidden request, and what the brief wanted', async () => {
    const result = await gradeWorkspace(path.join(fixturesDir, 'wrong', 'second-statement-widens'));
    const check = result.checks.find((c) => c.id === 's3-prefix-confined');
    expect(check?.message).toMatch(
      /^policy\.json line \d+ \(statement ReadReports\) allows s3:GetObject on acme-invoices\/archive\//,
    );
    expect(check?.message).toContain(
      'the brief says the worker reads acme-invoices only with GetObject and listings under incoming/ (R3)',
    );
  });

  it('says which Deny statement refuses a request the worker needs, with its line', async () => {
    const result = await gradeWorkspace(path.join(fixturesDir, 'wrong', 'deny-everything'));
    expect(result.checks.find((c) => c.id === 'required-access')?.message).toContain(
      's3:GetObject on acme-invoices/incoming/2025/03/14/inv-1042.pdf (denied by policy.json line 4, statement DenyEverything)',
    );
  });

  it('gives no least-privilege credit to a policy that denies everything', async () => {
    const result = await gradeWorkspace(path.join(fixturesDir, 'wrong', 'deny-everything'));
    expect(weightedScore(result)).toBeLessThan(0.1);
    expect(result.checks.find((c) => c.id === 'no-other-services')?.message).toContain('nothing to confine');
  });

  it('gives the same result every time it grades the same files', async () => {
    for (const dir of [
      path.join(challengeDir, 'solution'),
      path.join(challengeDir, 'starter'),
      path.join(fixturesDir, 'wrong', wrongCases[0] ?? ''),
    ]) {
      expect(await gradeWorkspace(dir)).toEqual(await gradeWorkspace(dir));
    }
  });

  it('reports a JSON syntax error with its file and line, and fails every check pointing at it', async () => {
    const lines = (await readFile(path.join(challengeDir, 'solution/policy.json'), 'utf8')).split('\n');
    lines[5] = lines[5]?.replace(/,$/, '') ?? ''; // "Effect": "Allow" loses its comma
    const result = await gradeWorkspace(await workspaceWith(lines.join('\n')));
    expectWellFormed(result);
    expect(result.diagnostics?.[0]).toMatchObject({ file: 'policy.json', line: 7 });
    for (const check of result.checks) {
      expect(check).toMatchObject({ passed: false, score: 0 });
      expect(check.message).toContain('policy.json line 7');
    }
  });

  it('fails every check, without a diagnostic, when there is no policy.json', async () => {
    const dir = await workspaceWith('{}');
    await rm(path.join(dir, 'policy.json'));
    const result = await gradeWorkspace(dir);
    expectWellFormed(result);
    expect(result.checks.every((c) => !c.passed && c.message.includes('no policy.json'))).toBe(true);
    expect(result.diagnostics).toBeUndefined();
  });

  it('ignores files other than policy.json', async () => {
    const dir = await workspaceWith(await readFile(path.join(challengeDir, 'solution/policy.json'), 'utf8'));
    await cp(path.join(challengeDir, 'starter/policy.json'), path.join(dir, 'old-policy.json'));
    expect(failedIds(await gradeWorkspace(dir))).toEqual([]);
  });
});

describe('grade.ts, run as the sandbox runs it', () => {
  // Type stripping needs Node 23+; when vitest runs on an older system Node, the pinned binary is used.
  const node =
    Number(process.versions.node.split('.')[0]) >= 23
      ? process.execPath
      : path.join(repoRoot, 'node_modules/.bin/node');
  const run = promisify(execFile);

  it.each(['solution', 'starter'])(
    'prints one marker line with a valid result for the %s',
    async (folder) => {
      const marker = 'VERDICT-7d1e:';
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
      { env },
    );
    expect(stdout.startsWith('GAUNTLET_VERDICT:{')).toBe(true);
  });
});
