import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { createSandbox, type Sandbox } from '../../sandbox/index.ts';
import { type Challenge, loadCatalogue, readTree } from '../../server/challenges/load.ts';
import { gradedFromFiles } from '../../server/challenges/schema.ts';
import { runGrader } from '../../server/grading/run-grader.ts';
import type { GradingOutcome } from '../../server/scoring/types.ts';
import { requireDocker } from '../support/docker.ts';

/**
 * Every files-mode challenge package (live ones are proved against their running environment in
 * test/sandbox/live-*.test.ts), proved through the real sandbox the way the platform grades it: the
 * reference scores 100 %, the starter below 40 %, every wrong solution in
 * test/fixtures/<slug>/wrong/ fails exactly the checks its expect.yaml lists, every other correct
 * solution in test/fixtures/<slug>/right/ scores 100 %, and grading is deterministic.
 */
const FIXTURES = path.resolve(import.meta.dirname, '../fixtures');
const catalogue = await loadCatalogue();
const challenges = [...catalogue.challenges.values()].filter((c) => gradedFromFiles(c.manifest.mode));
let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = createSandbox({ docker: await requireDocker() });
});

const cases = (slug: string, kind: 'wrong' | 'right') => {
  const dir = path.join(FIXTURES, slug, kind);
  return existsSync(dir) ? readdirSync(dir).sort() : [];
};

async function gradeFolder(
  challenge: Challenge,
  dir: string,
): Promise<Extract<GradingOutcome, { kind: 'judged' }>> {
  const files = (await readTree(dir)).filter((f) => f.path !== 'expect.yaml');
  const outcome = await runGrader({ sandbox, challenge, files });
  if (outcome.kind !== 'judged')
    throw new Error(`expected a judgement, got ${outcome.kind}: ${outcome.error}`);
  return outcome;
}

const failures = (outcome: Extract<GradingOutcome, { kind: 'judged' }>) =>
  outcome.checks.filter((c) => !c.passed).map((c) => `${c.id}: ${c.message}`);

describe.each(challenges.map((c) => [c.manifest.slug, c] as const))(
  '%s, graded in the real sandbox',
  (slug, challenge) => {
    it('scores the reference solution 100 %, the same every time', async () => {
      const first = await gradeFolder(challenge, path.join(challenge.dir, 'solution'));
      expect(failures(first)).toEqual([]);
      expect(first.score).toBe(100);
      const second = await gradeFolder(challenge, path.join(challenge.dir, 'solution'));
      expect(second.checks).toEqual(first.checks);
    });

    it('scores the starter below 40 %', async () => {
      const outcome = await gradeFolder(challenge, path.join(challenge.dir, 'starter'));
      expect(outcome.score).toBeLessThan(40);
    });

    it('has wrong solutions to prove its checks against', () => {
      expect(cases(slug, 'wrong').length).toBeGreaterThanOrEqual(3);
    });

    it.each(cases(slug, 'wrong'))('catches the wrong solution %s', async (name) => {
      const dir = path.join(FIXTURES, slug, 'wrong', name);
      const expected = YAML.parse(readFileSync(path.join(dir, 'expect.yaml'), 'utf8')) as { fails: string[] };
      const outcome = await gradeFolder(challenge, dir);
      expect(
        outcome.checks
          .filter((c) => !c.passed)
          .map((c) => c.id)
          .sort(),
      ).toEqual([...expected.fails].sort());
    });

    it.each(cases(slug, 'right'))('accepts the other correct solution %s', async (name) => {
      const outcome = await gradeFolder(challenge, path.join(FIXTURES, slug, 'right', name));
      expect(failures(outcome)).toEqual([]);
    });
  },
);

describe('terraform-refactor diagnostics', () => {
  it('reports a syntax error with its file and line, and fails every check', async () => {
    const challenge = catalogue.challenges.get('terraform-refactor');
    if (!challenge) throw new Error('terraform-refactor is missing');
    const files = [
      ...challenge.starter,
      { path: 'broken.tf', content: 'variable "x" {\n  type = string\n\n' },
    ];
    const outcome = await runGrader({ sandbox, challenge, files });
    if (outcome.kind !== 'judged') throw new Error(outcome.kind);
    expect(outcome.diagnostics[0]).toMatchObject({ file: 'broken.tf' });
    expect(outcome.diagnostics[0]?.line).toBeGreaterThan(0);
    expect(outcome.checks.every((c) => !c.passed)).toBe(true);
  });
});
