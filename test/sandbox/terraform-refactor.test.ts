import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { createSandbox, type Sandbox } from '../../sandbox/index.ts';
import { type Challenge, loadCatalogue, readTree } from '../../server/challenges/load.ts';
import { runGrader } from '../../server/grading/run-grader.ts';
import type { GradingOutcome } from '../../server/grading/types.ts';
import { requireDocker } from '../support/docker.ts';

const WRONG = path.resolve(import.meta.dirname, '../fixtures/terraform-refactor/wrong');
const wrongCases = readdirSync(WRONG).sort();
let sandbox: Sandbox;
let challenge: Challenge;

beforeAll(async () => {
  sandbox = createSandbox({ docker: await requireDocker() });
  const found = (await loadCatalogue()).challenges.get('terraform-refactor');
  if (!found) throw new Error('terraform-refactor is missing from the catalogue');
  challenge = found;
});

/** Grades a folder through the same path the platform uses: a hardened container per grading. */
async function gradeFolder(dir: string): Promise<Extract<GradingOutcome, { kind: 'judged' }>> {
  const files = (await readTree(dir)).filter((f) => f.path !== 'expect.yaml');
  const outcome = await runGrader({ sandbox, challenge, files });
  if (outcome.kind !== 'judged')
    throw new Error(`expected a judgement, got ${outcome.kind}: ${outcome.error}`);
  return outcome;
}

describe('terraform-refactor, graded in the real sandbox', () => {
  it('scores the reference solution 100 %', async () => {
    const outcome = await gradeFolder(path.join(challenge.dir, 'solution'));
    expect(outcome.checks.filter((c) => !c.passed).map((c) => `${c.id}: ${c.message}`)).toEqual([]);
    expect(outcome.score).toBe(100);
  });

  it('scores the starter below 40 %', async () => {
    const outcome = await gradeFolder(path.join(challenge.dir, 'starter'));
    expect(outcome.score).toBeLessThan(40);
    expect(outcome.checks.find((c) => c.id === 'no-hardcoded-credentials')?.passed).toBe(false);
    expect(outcome.checks.find((c) => c.id === 'ssh-not-public')?.passed).toBe(false);
  });

  it('reports a syntax error with its file and line', async () => {
    const files = [
      ...challenge.starter,
      { path: 'broken.tf', content: 'variable "x" {\n  type = string\n\n' },
    ];
    const outcome = await runGrader({ sandbox, challenge, files });
    expect(outcome.kind).toBe('judged');
    if (outcome.kind !== 'judged') return;
    expect(outcome.diagnostics[0]).toMatchObject({ file: 'broken.tf' });
    expect(outcome.diagnostics[0]?.line).toBeGreaterThan(0);
    expect(outcome.checks.every((c) => !c.passed)).toBe(true);
  });

  it('has at least five wrong refactors to prove the checks against', () => {
    expect(wrongCases.length).toBeGreaterThanOrEqual(5);
  });

  it.each(wrongCases)('catches the wrong refactor %s', async (name) => {
    const expected = YAML.parse(readFileSync(path.join(WRONG, name, 'expect.yaml'), 'utf8')) as {
      fails: string[];
    };
    const outcome = await gradeFolder(path.join(WRONG, name));
    const failed = outcome.checks.filter((c) => !c.passed).map((c) => c.id);
    expect(failed.sort()).toEqual([...expected.fails].sort());
  });
});
