import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { filesChallengeDirs } from '../../scripts/mutants/catalogue.ts';
import { readMutantsManifest } from '../../scripts/mutants/manifest.ts';
import { formatReport } from '../../scripts/mutants/report.ts';
import { loadMutationTarget, runMutationTesting } from '../../scripts/mutants/run.ts';
import { sandboxGrader } from '../../scripts/mutants/sandbox-grader.ts';
import type { MutationOperator } from '../../scripts/mutants/types.ts';
import { requireDocker } from '../support/docker.ts';
import { PROBE_DIR } from '../support/probe.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const NODE = path.join(ROOT, 'node_modules/.bin/node');
let docker: Docker;
let probeDir: string;

beforeAll(async () => {
  docker = await requireDocker();
  // The contract probe as a challenge with a reference (mode ok scores 100) and a mutants.yaml.
  probeDir = path.join(await mkdtemp(path.join(tmpdir(), 'mutants-')), 'contract-probe');
  await cp(PROBE_DIR, probeDir, { recursive: true });
  await cp(path.join(probeDir, 'starter'), path.join(probeDir, 'solution'), { recursive: true });
  // The probe's 3 s limit is for timeout tests; two cores shared by a whole suite need more.
  const manifestFile = path.join(probeDir, 'challenge.yaml');
  const manifest = await readFile(manifestFile, 'utf8');
  await writeFile(manifestFile, manifest.replace('timeoutSeconds: 3', 'timeoutSeconds: 30'));
  const equivalent = [
    '  - id: probe.set-mode mode.txt padded',
    '    reason: the grader trims mode.txt, as the brief allows',
    '  - id: probe.set-mode mode.txt removed-long-ago',
    '    reason: stale on purpose',
  ];
  await writeFile(
    path.join(probeDir, 'mutants.yaml'),
    ['operators: [hcl]', 'equivalent:', ...equivalent, ''].join('\n'),
  );
});
afterAll(async () => {
  if (probeDir) await rm(path.dirname(probeDir), { recursive: true, force: true });
});

/** Rewrites mode.txt: the probe's grader loses points, keeps them, or breaks, as the mode says. */
const setMode: MutationOperator = {
  name: 'probe.set-mode',
  description: 'rewrites mode.txt',
  apply: (files) =>
    Object.entries({
      partial: 'partial',
      padded: ' ok \n',
      same: 'ok\n',
      again: 'partial',
      crash: 'crash',
    }).map(([name, content]) => ({
      id: `probe.set-mode mode.txt ${name}`,
      operator: 'probe.set-mode',
      description: `mode.txt says ${JSON.stringify(content)}`,
      files: files.map((f) => (f.path === 'mode.txt' ? { ...f, content } : f)),
    })),
};
const dropFile: MutationOperator = {
  name: 'probe.drop-file',
  description: 'deletes a file',
  apply: (files) =>
    files.map((f) => ({
      id: `probe.drop-file ${f.path}`,
      operator: 'probe.drop-file',
      description: `${f.path} is gone`,
      files: files.filter((other) => other !== f),
    })),
};

describe('the mutation runner, through the real sandbox', () => {
  it('kills mutants that lose points, leaves out equivalents, and fails on a grader error and a stale entry', async () => {
    const target = await loadMutationTarget(probeDir);
    const grader = sandboxGrader({ docker, challenge: target.challenge, warm: false, concurrency: 2 });
    const run = await runMutationTesting(target, {
      grade: grader.grade,
      concurrency: 2,
      operators: [setMode, dropFile],
    });
    await grader.close();
    expect(run.referenceScore).toBe(100);
    expect([run.sameAsReference, run.duplicates]).toEqual([1, 1]);
    expect(run.results.map((r) => [r.id, r.verdict.kind])).toEqual([
      ['probe.set-mode mode.txt partial', 'killed'],
      ['probe.set-mode mode.txt padded', 'survived'],
      ['probe.set-mode mode.txt crash', 'grader_error'],
      ['probe.drop-file mode.txt', 'killed'],
    ]);
    const s = run.summary;
    expect([s.killed, s.nonEquivalent, s.rate]).toEqual([2, 3, 2 / 3]);
    expect(s.operators).toEqual([
      { operator: 'probe.set-mode', mutants: 3, killed: 1, survived: 0, equivalent: 1, graderErrors: 1 },
      { operator: 'probe.drop-file', mutants: 1, killed: 1, survived: 0, equivalent: 0, graderErrors: 0 },
    ]);
    expect(run.failures).toEqual([
      'kill rate 66.6 % is below the floor of 95.0 %',
      expect.stringMatching(
        /^grader error on probe\.set-mode mode\.txt crash \(a grader bug.*\): the grader exited 1/,
      ),
      'mutants.yaml lists probe.set-mode mode.txt removed-long-ago as equivalent, but no mutant has that id',
    ]);
    expect(formatReport(run)).toContain(
      'GRADER ERRORS (grader bugs, counted as survivors):\n  probe.set-mode mode.txt crash',
    );
  });

  it('grades nothing when the reference does not score 100', async () => {
    const target = await loadMutationTarget(probeDir);
    target.reference = [{ path: 'mode.txt', content: 'partial' }];
    const grader = sandboxGrader({ docker, challenge: target.challenge, warm: false, concurrency: 2 });
    const run = await runMutationTesting(target, {
      grade: grader.grade,
      concurrency: 2,
      operators: [setMode],
    });
    await grader.close();
    expect(run.results).toEqual([]);
    expect(run.failures[0]).toMatch(/^the reference solution scores 62\.5, not 100/);
  });

  it('runs as npm run mutants, printing JSON and exiting 1 when the declared formats make no mutant', async () => {
    const failed = await promisify(execFile)(NODE, ['scripts/mutants.ts', probeDir, '--json'], {
      cwd: ROOT,
    }).then(
      () => undefined,
      (error: { code: number; stdout: string }) => error,
    );
    expect(failed?.code).toBe(1);
    const result = JSON.parse(failed?.stdout ?? '{}');
    expect(result).toMatchObject({ slug: 'contract-probe', passed: false, referenceScore: 100, rate: null });
    expect(result.failures).toContain('no mutant to kill: the declared operators made none of the solution');
  });
});

const challenges = (await filesChallengeDirs()).map((dir) => [path.basename(dir), dir] as const);

describe('every files challenge', () => {
  it.each(challenges)('%s records a kill rate in its mutants.yaml', async (_slug, dir) => {
    const manifest = await readMutantsManifest(path.join(dir, 'mutants.yaml'));
    expect(manifest.recordedKillRate, 'run npm run mutants -- <slug> --record').toBeGreaterThanOrEqual(0.95);
  });

  it.each(challenges)(
    '%s kills at least its recorded share of mutants, with no grader error and no stale equivalent',
    async (_slug, dir) => {
      const target = await loadMutationTarget(dir);
      const grader = sandboxGrader({ docker, challenge: target.challenge, warm: false, concurrency: 2 });
      try {
        const run = await runMutationTesting(target, { grade: grader.grade, concurrency: 2 });
        expect(run.failures, formatReport(run)).toEqual([]);
      } finally {
        await grader.close();
      }
    },
    // About 1.3 CPU-seconds per mutant (a container and a grader process): 313 mutants need ~4 min of 2 idle cores.
    600_000,
  );
});
