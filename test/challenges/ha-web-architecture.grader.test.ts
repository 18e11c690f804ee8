import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { CLOUDS } from '../../challenges/_lib/architecture/catalogue.ts';
import { PRICES, SIZES } from '../../challenges/_lib/architecture/tables.ts';
import type { GraderOutput } from '../../challenges/ha-web-architecture/grader/grade-workspace.ts';
import { CHECKS, gradeWorkspace } from '../../challenges/ha-web-architecture/grader/grade-workspace.ts';
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
const challengeDir = path.join(repoRoot, 'challenges/ha-web-architecture');
const fixturesDir = path.join(repoRoot, 'test/fixtures/ha-web-architecture');
const manifest = await readManifest(challengeDir);
const checkIds = manifest.checks.map((c) => c.id);
const wrongCases = (await readdir(path.join(fixturesDir, 'wrong'))).sort();
const rightCases = (await readdir(path.join(fixturesDir, 'right'))).sort();
const solutionText = await readFile(path.join(challengeDir, 'solution/architecture.json'), 'utf8');

const scratch: string[] = [];
afterAll(async () => {
  await Promise.all(scratch.map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A fresh workspace holding `design` as architecture.json (written as given when it is a string). */
async function workspaceWith(design: unknown): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'ha-web-architecture-'));
  scratch.push(dir);
  const text = typeof design === 'string' ? design : JSON.stringify(design, null, 2);
  await writeFile(path.join(dir, 'architecture.json'), text);
  return dir;
}

/** The reference with `change` applied to a copy. */
function solutionWith(change: (doc: { components: Record<string, unknown>[] }) => void): unknown {
  const doc = JSON.parse(solutionText) as { components: Record<string, unknown>[] };
  change(doc);
  return doc;
}

const weightedScore = (result: GraderOutput): number => weightedScoreOf(manifest, result);
const expectWellFormed = (result: GraderOutput): void => expectWellFormedOf(result, checkIds);
const check = (result: GraderOutput, id: string) => result.checks.find((c) => c.id === id);

describe('the ha-web-architecture package', () => {
  it('declares the same checks, in the same order, as the grader', () => {
    expect(CHECKS.map((c) => c.id)).toEqual(checkIds);
  });

  it('lists in BRIEF.md exactly the requirements of challenge.yaml', async () => {
    expect(await briefRequirements(challengeDir)).toEqual(
      manifest.requirements.map((r) => `${r.id} ${r.text}`),
    );
  });

  it('states in BRIEF.md every figure of the capacity and price tables the checks read', async () => {
    const brief = await readFile(path.join(challengeDir, 'BRIEF.md'), 'utf8');
    const n = (value: number) => value.toLocaleString('en-US');
    for (const cloud of CLOUDS) {
      for (const [service, sizes] of Object.entries(SIZES[cloud])) {
        for (const [size, f] of Object.entries(sizes)) {
          expect(brief).toContain(
            `(\`${service}\`) | \`${size}\` | ${n(f.usersPerInstance)} | ${n(f.monthlyUsd)} |`,
          );
        }
      }
      for (const [service, p] of Object.entries(PRICES[cloud])) {
        expect(brief).toContain(
          `(\`${service}\`) | ${p.fixedMonthlyUsd} | ${p.perThousandUsersMonthlyUsd} |`,
        );
      }
    }
  });

  it('is a design challenge with hidden checks', () => {
    expect(manifest.mode).toBe('design');
    expect(manifest.checks.filter((c) => !c.visible).length).toBeGreaterThanOrEqual(2);
  });

  it('has at least six wrong and four right designs to prove the checks against', () => {
    expect(wrongCases.length).toBeGreaterThanOrEqual(6);
    expect(rightCases.length).toBeGreaterThanOrEqual(4);
  });
});

describe('the ha-web-architecture grader', () => {
  it('passes the reference design on every check with score 1', async () => {
    const result = await gradeWorkspace(path.join(challengeDir, 'solution'));
    expectWellFormed(result);
    expect(result.checks.filter((c) => !c.passed || c.score !== 1)).toEqual([]);
    expect(result.diagnostics).toBeUndefined();
  });

  it.each(rightCases)('passes right/%s, a design in another style, on every check', async (name) => {
    const result = await gradeWorkspace(path.join(fixturesDir, 'right', name));
    expectWellFormed(result);
    expect(result.checks.filter((c) => !c.passed)).toEqual([]);
  });

  it('scores the single-zone starter below 40 %', async () => {
    const result = await gradeWorkspace(path.join(challengeDir, 'starter'));
    expectWellFormed(result);
    expect(weightedScore(result)).toBeLessThan(0.4);
    expect(failedIds(result)).toContain('zone-failure');
    expect(failedIds(result)).toContain('region-failure');
  });

  it.each(wrongCases)('fails exactly the checks wrong/%s/expect.yaml lists', async (name) => {
    const expected = parseYaml(
      await readFile(path.join(fixturesDir, 'wrong', name, 'expect.yaml'), 'utf8'),
    ) as {
      fails: string[];
    };
    expect(expected.fails.every((id) => checkIds.includes(id))).toBe(true);
    const result = await gradeWorkspace(path.join(fixturesDir, 'wrong', name));
    expectWellFormed(result);
    expect(failedIds(result).sort()).toEqual([...expected.fails].sort());
  });

  it('names the component, its line and the brief figures when a zone loss costs data', async () => {
    const result = await gradeWorkspace(path.join(fixturesDir, 'wrong', 'single-zone-database'));
    expect(check(result, 'zone-failure')?.message).toMatch(
      /losing zone us-east-1a: db-east \(Orders database \(primary\)\), architecture\.json line \d+ through db-west \(Orders database replica us-west-2\), architecture\.json line \d+ promotes a replica: up to 1 min of data lost and 30 min to serve again, where the brief allows 0 and 5 min/,
    );
    expect(check(result, 'data-durability')?.message).toMatch(
      /db-east \(Orders database \(primary\)\), architecture\.json line \d+ runs its standby in the same zone/,
    );
  });

  it('says that a cache is no system of record when it is the only copy of the data', async () => {
    const result = await gradeWorkspace(path.join(fixturesDir, 'wrong', 'cache-only-copy'));
    expect(check(result, 'request-path')).toMatchObject({ score: 0.5 });
    expect(check(result, 'request-path')?.message).toContain(
      'a cache loses its data on a restart or a failover',
    );
  });

  it('gives the over-budget design the share of the estimate the budget covers', async () => {
    const result = await gradeWorkspace(path.join(fixturesDir, 'wrong', 'over-budget-lambda'));
    const cost = check(result, 'monthly-cost');
    expect(cost?.message).toContain('The estimate is $177,209 a month, over the $120,000 budget');
    expect(cost?.score).toBeCloseTo(120_000 / 177_209, 3);
  });

  it('treats a database with no stated network as possibly public', async () => {
    const dir = await workspaceWith(
      solutionWith((doc) => {
        const db = doc.components.find((c) => c.id === 'db-east');
        if (db) delete db.network;
      }),
    );
    const result = await gradeWorkspace(dir);
    expect(failedIds(result)).toEqual(['stateful-private']);
    expect(check(result, 'stateful-private')?.message).toContain('states no network, so it may be public');
  });

  it('reports a JSON syntax error with its line, and fails every check pointing at it', async () => {
    const lines = solutionText.split('\n');
    lines[2] = (lines[2] ?? '').replace(/,$/, ''); // "cloud": "aws" loses its comma
    const result = await gradeWorkspace(await workspaceWith(lines.join('\n')));
    expectWellFormed(result);
    expect(result.diagnostics?.[0]).toMatchObject({ file: 'architecture.json', line: 4 });
    expect(result.checks.every((c) => !c.passed && c.message.includes('architecture.json line 4'))).toBe(
      true,
    );
  });

  it('reports a schema problem at the line of the field the schema names', async () => {
    const doc = solutionWith((d) => {
      const web = d.components.find((c) => c.id === 'web-east');
      if (web) web.size = 'm5.huge';
    });
    const text = JSON.stringify(doc, null, 2);
    const line = text.split('\n').findIndex((l) => l.includes('"m5.huge"')) + 1;
    const result = await gradeWorkspace(await workspaceWith(text));
    expect(result.diagnostics?.[0]).toMatchObject({ file: 'architecture.json', line });
    expect(result.diagnostics?.[0]?.message).toContain(
      'components.5.size: web-east (EC2 Auto Scaling group): m5.huge',
    );
  });

  it.each([
    ['package.json', '{ "name": "app", "version": "1.0.0", "scripts": { "start": "node ." } }'],
    ['an IAM policy', '{ "Version": "2012-10-17", "Statement": [] }'],
    ['an array', '[1, 2, 3]'],
    ['a string', '"architecture"'],
  ])('does not grade %s: a clear message, never a crash', async (_name, text) => {
    const result = await gradeWorkspace(await workspaceWith(text));
    expectWellFormed(result);
    expect(result.checks.every((c) => !c.passed && c.score === 0)).toBe(true);
    expect(result.checks[0]?.message).toMatch(
      /^Not graded: architecture\.json line 1: is not an architecture design/,
    );
  });

  it('fails every check, without a diagnostic, when there is no architecture.json', async () => {
    const dir = await workspaceWith('{}');
    await rm(path.join(dir, 'architecture.json'));
    const result = await gradeWorkspace(dir);
    expectWellFormed(result);
    expect(result.checks.every((c) => !c.passed && c.message.includes('no architecture.json'))).toBe(true);
    expect(result.diagnostics).toBeUndefined();
  });

  it('never scores the trade-off notes: the reference without any note grades the same', async () => {
    const doc = JSON.parse(solutionText) as {
      notes?: string;
      components: { note?: string }[];
      edges: { note?: string }[];
    };
    delete doc.notes;
    for (const item of [...doc.components, ...doc.edges]) delete item.note;
    const bare = await gradeWorkspace(await workspaceWith(doc));
    const noted = await gradeWorkspace(path.join(challengeDir, 'solution'));
    expect(bare.checks.map((c) => [c.id, c.score])).toEqual(noted.checks.map((c) => [c.id, c.score]));
  });

  it('grades a design at the schema limits (100 components, 300 edges) in a few seconds', async () => {
    // 48 single-zone databases each a system of record, 49 single-instance tiers: about 100 failures to
    // evaluate, each with 48 copies to look for.
    const zones = ['us-east-1a', 'us-east-1b', 'us-east-1c'];
    const tier = (i: number) => ({
      id: `w${i}`,
      service: 'ec2-asg',
      label: 'tier',
      region: 'us-east-1',
      zones: [zones[i % 3]],
      network: 'private',
      instances: { min: 1, max: 10 },
      size: 'm7g.large',
    });
    const database = (i: number) => ({
      id: `d${i}`,
      service: 'rds-postgres',
      label: 'db',
      region: 'us-east-1',
      zones: [zones[i % 3]],
      network: 'private',
      size: 'db.r7g.large',
    });
    const edges = [{ id: 'e0', from: 'users', to: 'dns', kind: 'request' }];
    for (let i = 0; i < 49; i++)
      edges.push({ id: `e${edges.length}`, from: 'dns', to: `w${i}`, kind: 'request' });
    for (let i = 0; edges.length < 300; i++) {
      edges.push({ id: `e${edges.length}`, from: `w${i % 49}`, to: `d${(i * 7) % 48}`, kind: 'request' });
    }
    const doc = {
      version: 1,
      cloud: 'aws',
      regions: ['us-east-1'],
      components: [
        { id: 'users', service: 'internet', label: 'users' },
        { id: 'dns', service: 'route53', label: 'dns' },
        { id: 'sm', service: 'secrets-manager', label: 'secrets', region: 'us-east-1' },
        ...Array.from({ length: 49 }, (_, i) => tier(i)),
        ...Array.from({ length: 48 }, (_, i) => database(i)),
      ],
      edges,
    };
    const dir = await workspaceWith(doc);
    const started = performance.now();
    const result = await gradeWorkspace(dir);
    expect(performance.now() - started).toBeLessThan(5_000);
    expectWellFormed(result);
    expect(result.diagnostics).toBeUndefined();
  });

  it('gives the same result every time it grades the same files', async () => {
    for (const dir of [path.join(challengeDir, 'solution'), path.join(challengeDir, 'starter')]) {
      expect(await gradeWorkspace(dir)).toEqual(await gradeWorkspace(dir));
    }
  });
});

describe('grade.ts, run as the sandbox runs it', () => {
  const node =
    Number(process.versions.node.split('.')[0]) >= 23
      ? process.execPath
      : path.join(repoRoot, 'node_modules/.bin/node');
  const run = promisify(execFile);

  it.each(['solution', 'starter'])(
    'prints one marker line with a valid result for the %s',
    async (folder) => {
      const marker = 'VERDICT-4c2a:';
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
});
