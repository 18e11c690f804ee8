/**
 * The tests every challenge grader package owes the platform (test/challenges/<slug>.grader.test.ts):
 * the package agrees with itself, the reference and the right fixtures pass, each wrong fixture fails
 * exactly what its expect.yaml says, grading is repeatable, and grade.ts prints its verdict the way
 * the sandbox reads it. A test file calls `describeGraderPackage` once and adds its own tests to the
 * same describe blocks through `packageTests` and `graderTests`.
 */
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import type { ChallengeManifest } from '../../server/challenges/schema.ts';
import { graderOutputSchema } from '../../server/challenges/schema.ts';
import {
  briefRequirements,
  expectWellFormed,
  failedIds,
  readManifest,
  weightedScore,
} from './challenge-host.ts';
import type { PublicFiles } from './public-files.ts';
import { itWith } from './public-files.ts';

/** The part of a grader's result the shared tests read. */
export interface GraderResult {
  readonly checks: readonly {
    readonly id: string;
    readonly passed: boolean;
    readonly score: number;
    readonly message: string;
    readonly evidence?: readonly string[] | undefined;
  }[];
  readonly diagnostics?: readonly unknown[] | undefined;
}

/** What a test file says about its package: where it is, its grader, and what differs from the rest. */
export interface GraderPackageOptions<R extends GraderResult> {
  /** The folder under challenges/ and under test/fixtures/. */
  readonly slug: string;
  /** The grader's own list of checks, which must match challenge.yaml's. */
  readonly checks: readonly { readonly id: string }[];
  readonly gradeWorkspace: (dir: string) => Promise<R>;
  /** The package's shape: how many checks it hides (and has), and the dimensions it scores. */
  readonly shape: {
    readonly title: string;
    readonly hiddenAtLeast: number;
    readonly checksAtLeast?: number;
    /** Exactly these dimensions, at least this many, or exactly those challenge.yaml declares. */
    readonly dimensions: readonly string[] | number | 'declared';
  };
  /** What a right fixture is, in the test title: "a different valid refactor". */
  readonly rightIs: string;
  /** Right fixtures must also score 1 on every check, not only pass. */
  readonly rightScoresOne?: boolean;
  /** What every failing check of a wrong fixture must carry. */
  readonly explained?: { readonly messageLongerThan: number; readonly evidence?: boolean };
  /** The starter test's title after "scores the starter below 40 %", and what else it fails. */
  readonly starter: { readonly failing: string; readonly expect: (result: R, pkg: GraderPackage<R>) => void };
  /** How a fixture folder becomes the workspace a candidate submits (default: the folder itself). */
  readonly submission?: (fixture: string) => Promise<string>;
  /** Grade every file and folder of this public corpus, and expect more than this many files. */
  readonly corpus?: { readonly files: PublicFiles; readonly moreThan: number; readonly title?: string };
  /** Public real-world stacks, each of which must score below `below` (a share of the weight). */
  readonly realworld?: { readonly files: PublicFiles; readonly below: number; readonly title: string };
  /** More tests for "the <slug> package" and "the <slug> grader" blocks. */
  readonly packageTests?: (pkg: GraderPackage<R>) => void;
  readonly graderTests?: (pkg: GraderPackage<R>) => void;
}

/** What the shared tests know about the package, handed to the file's own tests. */
export interface GraderPackage<R extends GraderResult> {
  readonly repoRoot: string;
  readonly challengeDir: string;
  readonly fixturesDir: string;
  readonly manifest: ChallengeManifest;
  readonly checkIds: string[];
  readonly wrongCases: string[];
  readonly rightCases: string[];
  readonly gradeWorkspace: (dir: string) => Promise<R>;
  /** The share (0-1) of the total weight a result earns, as the platform computes it. */
  readonly weightedScore: (result: R) => number;
  /** Valid against the platform's schema, one entry per declared check, in order. */
  readonly expectWellFormed: (result: R) => void;
  /** A fresh temporary folder (a copy of `from` when given), deleted after the file's tests. */
  readonly scratchDir: (from?: string) => Promise<string>;
}

const repoRoot = path.resolve(import.meta.dirname, '../..');

/** Registers the shared tests of one grader package with vitest, plus the file's own. */
export async function describeGraderPackage<R extends GraderResult>(
  options: GraderPackageOptions<R>,
): Promise<GraderPackage<R>> {
  const { slug, gradeWorkspace } = options;
  const challengeDir = path.join(repoRoot, 'challenges', slug);
  const fixturesDir = path.join(repoRoot, 'test/fixtures', slug);
  const manifest = await readManifest(challengeDir);
  const checkIds = manifest.checks.map((c) => c.id);
  const scratch: string[] = [];
  afterAll(async () => {
    await Promise.all(scratch.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
  });
  const pkg: GraderPackage<R> = {
    repoRoot,
    challengeDir,
    fixturesDir,
    manifest,
    checkIds,
    wrongCases: (await readdir(path.join(fixturesDir, 'wrong'))).sort(),
    rightCases: (await readdir(path.join(fixturesDir, 'right'))).sort(),
    gradeWorkspace,
    weightedScore: (result) => weightedScore(manifest, result),
    expectWellFormed: (result) => expectWellFormed(result, checkIds),
    async scratchDir(from) {
      const dir = await mkdtemp(path.join(os.tmpdir(), `${slug}-`));
      scratch.push(dir);
      if (from) await cp(from, dir, { recursive: true });
      return dir;
    },
  };
  describe(`the ${slug} package`, () => {
    describePackageShape(options, pkg);
    options.packageTests?.(pkg);
  });
  describe(`the ${slug} grader`, () => {
    describeFixtures(options, pkg);
    if (options.realworld) describeRealworld(options.realworld, pkg);
    if (options.corpus) describeCorpus(options.corpus, pkg);
    options.graderTests?.(pkg);
  });
  describeGradeTs(pkg);
  return pkg;
}

function describePackageShape<R extends GraderResult>(
  options: GraderPackageOptions<R>,
  { challengeDir, manifest, checkIds, wrongCases, rightCases }: GraderPackage<R>,
): void {
  it('declares the same checks, in the same order, as the grader', () => {
    expect(options.checks.map((c) => c.id)).toEqual(checkIds);
  });

  it('lists in BRIEF.md exactly the requirements of challenge.yaml', async () => {
    const listed = await briefRequirements(challengeDir);
    expect(listed).toEqual(manifest.requirements.map((r) => `${r.id} ${r.text}`));
  });

  const { shape } = options;
  it(shape.title, () => {
    expect(manifest.checks.filter((c) => !c.visible).length).toBeGreaterThanOrEqual(shape.hiddenAtLeast);
    expect(manifest.checks.length).toBeGreaterThanOrEqual(shape.checksAtLeast ?? 1);
    const dimensions = new Set(manifest.checks.map((c) => c.dimension));
    if (typeof shape.dimensions === 'number') {
      expect(dimensions.size).toBeGreaterThanOrEqual(shape.dimensions);
    } else {
      const declared = shape.dimensions === 'declared' ? manifest.dimensions : shape.dimensions;
      expect(dimensions).toEqual(new Set(declared));
    }
  });

  it('has at least four wrong and one right solution to prove the checks against', () => {
    expect(wrongCases.length).toBeGreaterThanOrEqual(4);
    expect(rightCases.length).toBeGreaterThanOrEqual(1);
  });
}

function describeFixtures<R extends GraderResult>(
  options: GraderPackageOptions<R>,
  pkg: GraderPackage<R>,
): void {
  const { challengeDir, fixturesDir, checkIds, wrongCases, rightCases, gradeWorkspace } = pkg;
  const submission = options.submission ?? (async (fixture: string) => fixture);

  it('passes the reference solution on every check with score 1', async () => {
    const result = await gradeWorkspace(path.join(challengeDir, 'solution'));
    pkg.expectWellFormed(result);
    expect(result.checks.filter((c) => !c.passed || c.score !== 1)).toEqual([]);
    expect(result.diagnostics).toBeUndefined();
  });

  it.each(rightCases)(`passes right/%s, ${options.rightIs}, on every check`, async (name) => {
    const result = await gradeWorkspace(await submission(path.join(fixturesDir, 'right', name)));
    pkg.expectWellFormed(result);
    expect(result.checks.filter((c) => !c.passed || (options.rightScoresOne && c.score !== 1))).toEqual([]);
  });

  it(`scores the starter below 40 %${options.starter.failing}`, async () => {
    const result = await gradeWorkspace(path.join(challengeDir, 'starter'));
    pkg.expectWellFormed(result);
    expect(pkg.weightedScore(result)).toBeLessThan(0.4);
    options.starter.expect(result, pkg);
  });

  it.each(wrongCases)('fails exactly the checks wrong/%s/expect.yaml lists', async (name) => {
    const dir = path.join(fixturesDir, 'wrong', name);
    const expected = parseYaml(await readFile(path.join(dir, 'expect.yaml'), 'utf8')) as { fails: string[] };
    // A wrong solution that fails nothing would prove nothing.
    expect(expected.fails.length).toBeGreaterThan(0);
    expect(expected.fails.every((id) => checkIds.includes(id))).toBe(true);
    const result = await gradeWorkspace(await submission(dir));
    pkg.expectWellFormed(result);
    expect(failedIds(result).sort()).toEqual([...expected.fails].sort());
    const explained = options.explained ?? { messageLongerThan: 0 };
    for (const check of result.checks.filter((c) => !c.passed)) {
      expect(check.message.length).toBeGreaterThan(explained.messageLongerThan);
      if (explained.evidence) expect(check.evidence?.length ?? 0).toBeGreaterThan(0);
    }
  });

  it('gives the same result every time it grades the same files', async () => {
    const dirs = [
      path.join(challengeDir, 'solution'),
      path.join(challengeDir, 'starter'),
      await submission(path.join(fixturesDir, 'wrong', wrongCases[0] ?? '')),
      await submission(path.join(fixturesDir, 'right', rightCases[0] ?? '')),
    ];
    for (const dir of dirs) expect(await gradeWorkspace(dir)).toEqual(await gradeWorkspace(dir));
  });
}

/** Every folder below `dir`, `dir` first. */
async function foldersBelow(dir: string): Promise<string[]> {
  const folders = [dir];
  for (const entry of await readdir(dir, { recursive: true })) {
    if ((await stat(path.join(dir, entry))).isDirectory()) folders.push(path.join(dir, entry));
  }
  return folders;
}

function describeRealworld<R extends GraderResult>(
  realworld: NonNullable<GraderPackageOptions<R>['realworld']>,
  pkg: GraderPackage<R>,
): void {
  itWith(realworld.files)(realworld.title, { timeout: 120_000 }, async () => {
    const folders = await foldersBelow(realworld.files.dir);
    for (const folder of folders) {
      const result = await pkg.gradeWorkspace(folder);
      pkg.expectWellFormed(result);
      expect(pkg.weightedScore(result), folder).toBeLessThan(realworld.below);
      expect(JSON.stringify(result.checks), folder).not.toMatch(/TypeError|Cannot read|\bNaN\b|\.ts:\d/);
    }
    expect(folders.length).toBeGreaterThan(3);
  });
}

function describeCorpus<R extends GraderResult>(
  corpus: NonNullable<GraderPackageOptions<R>['corpus']>,
  pkg: GraderPackage<R>,
): void {
  const title = corpus.title ?? 'grades every file and folder of the real-world corpus without throwing';
  itWith(corpus.files)(title, { timeout: 120_000 }, async () => {
    const folders = await foldersBelow(corpus.files.dir);
    let files = 0;
    for (const entry of await readdir(corpus.files.dir, { recursive: true })) {
      const file = path.join(corpus.files.dir, entry);
      if ((await stat(file)).isDirectory()) continue;
      // Each file alone, as a candidate who kept only that file would submit it.
      const dir = await pkg.scratchDir();
      await cp(file, path.join(dir, path.basename(file)));
      pkg.expectWellFormed(await pkg.gradeWorkspace(dir));
      files += 1;
    }
    for (const folder of folders) pkg.expectWellFormed(await pkg.gradeWorkspace(folder));
    expect(files).toBeGreaterThan(corpus.moreThan);
  });
}

function describeGradeTs<R extends GraderResult>({ challengeDir, checkIds }: GraderPackage<R>): void {
  describe('grade.ts, run as the sandbox runs it', () => {
    // Type stripping needs Node 23+. The owner's test script runs vitest on the pinned Node 24; when
    // vitest runs on an older system Node, the pinned binary is used instead.
    const node =
      Number(process.versions.node.split('.')[0]) >= 23
        ? process.execPath
        : path.join(repoRoot, 'node_modules/.bin/node');
    const run = promisify(execFile);
    const gradeTs = path.join(challengeDir, 'grader/grade.ts');

    it.each(['solution', 'starter'])(
      'prints one marker line with a valid result for the %s',
      async (folder) => {
        const marker = 'VERDICT-4f2c:';
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
}
