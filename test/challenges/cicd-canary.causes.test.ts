// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are GitHub Actions, whose ${{ }} is not JavaScript's.
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { GraderOutput } from '../../server/challenges/schema.ts';
import { graderOutputSchema } from '../../server/challenges/schema.ts';

/**
 * The five causes of issue #12, one judgement at a time: each test edits the reference solution the
 * way a pull request would and says which checks GitHub's behaviour makes pass or fail.
 */
const CHALLENGE = 'challenges/cicd-canary';
const challengeDir = path.resolve(import.meta.dirname, '../..', CHALLENGE);
const solution = path.join(challengeDir, 'solution');
const WORKFLOW = '.github/workflows/deploy.yml';
const hooks = (await import(path.join(challengeDir, 'grader/json-imports.ts'))) as {
  allowWorkflowSchemaImport(): void;
};
hooks.allowWorkflowSchemaImport();
const { gradeWorkspace } = (await import(path.join(challengeDir, 'grader/grade-workspace.ts'))) as {
  gradeWorkspace(dir: string): Promise<GraderOutput>;
};
const { generateScenarios, SEED } = (await import(path.join(challengeDir, 'grader/scenarios.ts'))) as {
  generateScenarios(seed?: number): {
    name: string;
    testsFail: boolean;
    canaryFails: boolean;
    analysis: string;
    analysisMinutes: number;
    deployMinutes: number;
  }[];
  SEED: number;
};
const reference = await readFile(path.join(solution, WORKFLOW), 'utf8');
const CHECKOUT = 'actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683';

const scratch: string[] = [];
afterAll(async () => {
  await Promise.all(scratch.map((dir) => rm(dir, { recursive: true, force: true })));
});

function edit(from: string, to: string, text = reference): string {
  expect(text).toContain(from);
  return text.replace(from, to);
}

async function gradeWith(files: Record<string, string>): Promise<GraderOutput> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'cicd-canary-causes-'));
  scratch.push(dir);
  await cp(solution, dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), text);
  }
  return graderOutputSchema.parse(await gradeWorkspace(dir));
}

async function grade(files: Record<string, string>): Promise<Record<string, boolean>> {
  const result = await gradeWith(files);
  expect(result.diagnostics).toBeUndefined();
  return Object.fromEntries(result.checks.map((c) => [c.id, c.passed]));
}

const ANALYSIS_STEP = '        run: ./scripts/analyze-canary.sh\n';
const PROMOTE_JOB = reference.slice(reference.indexOf('  promote:\n'), reference.indexOf('  rollback:\n'));

describe('cause 1: what GitHub loads', () => {
  it('runs the jobs of a reusable workflow of this repository and judges their promotion', async () => {
    // The promotion moves into ./.github/workflows/promote.yml, called after the analysis: fine.
    const callee = [
      'on:',
      '  workflow_call: {}',
      'jobs:',
      PROMOTE_JOB.replace('  promote:\n    needs: analyze\n', '  promote:\n'),
    ].join('\n');
    const caller = edit(
      PROMOTE_JOB,
      '  promote:\n    needs: analyze\n    uses: ./.github/workflows/promote.yml\n    permissions:\n      contents: read\n      id-token: write\n\n',
    );
    const good = await grade({ [WORKFLOW]: caller, '.github/workflows/promote.yml': callee });
    expect(Object.values(good).every(Boolean)).toBe(true);
    // The same call without needs: the called promotion no longer waits for the analysis.
    const ungated = caller.replace(
      '  promote:\n    needs: analyze\n    uses:',
      '  promote:\n    needs: canary\n    uses:',
    );
    const bad = await grade({ [WORKFLOW]: ungated, '.github/workflows/promote.yml': callee });
    expect(bad['promotes-after-analysis']).toBe(false);
    expect(bad['rollback-on-failed-analysis']).toBe(false);
  });

  it('refuses a call to a workflow that is not there, as GitHub would before the run starts', async () => {
    const caller = edit(
      PROMOTE_JOB,
      '  promote:\n    needs: analyze\n    uses: ./.github/workflows/missing.yml\n\n',
    );
    const result = await gradeWith({ [WORKFLOW]: caller });
    expect(result.diagnostics?.[0]?.message).toContain('missing.yml');
    expect(result.checks.every((c) => !c.passed)).toBe(true);
  });

  it('runs a local composite action step by step, and fails a step whose action.yml is missing', async () => {
    const action = [
      'name: analyse',
      'description: the canary analysis',
      'runs:',
      '  using: composite',
      '  steps:',
      '    - run: ./scripts/analyze-canary.sh',
      '      shell: bash',
    ].join('\n');
    const workflow = edit(ANALYSIS_STEP, '        uses: ./.github/actions/analyse\n');
    const good = await grade({ [WORKFLOW]: workflow, '.github/actions/analyse/action.yml': action });
    expect(Object.values(good).every(Boolean)).toBe(true);
    const missing = await grade({ [WORKFLOW]: workflow });
    expect(missing['promotes-after-analysis']).toBe(false);
  });

  it('gives the jobs after a continue-on-error job the success they see on GitHub', async () => {
    const checks = await grade({
      [WORKFLOW]: edit(
        '  analyze:\n    needs: canary\n',
        '  analyze:\n    needs: canary\n    continue-on-error: true\n',
      ),
    });
    expect(checks['rollback-on-failed-analysis']).toBe(false);
  });

  it('knows a script exists only where the repository is checked out', async () => {
    const checks = await grade({
      [WORKFLOW]: edit(
        `      - uses: ${CHECKOUT} # v4.2.2\n      - uses: aws-actions/configure-aws-credentials@b47578312673ae6fa5b5096b330d9fbac3d116df # v4.2.1\n        with:\n          role-to-assume: arn:aws:iam::210987654321:role/storefront-canary-analysis`,
        '      - uses: aws-actions/configure-aws-credentials@b47578312673ae6fa5b5096b330d9fbac3d116df # v4.2.1\n        with:\n          role-to-assume: arn:aws:iam::210987654321:role/storefront-canary-analysis',
      ),
    });
    expect(checks['promotes-after-analysis']).toBe(false);
  });

  it('follows a workflow_run promotion and its conclusion check', async () => {
    const head = reference.slice(0, reference.indexOf('  promote:\n'));
    const rollback = reference.slice(reference.indexOf('  rollback:\n'));
    const follower = (condition: string) =>
      [
        'name: promote',
        'on:',
        '  workflow_run:',
        '    workflows: [deploy]',
        '    types: [completed]',
        'permissions:',
        '  contents: read',
        'concurrency:',
        '  group: storefront-production',
        'jobs:',
        PROMOTE_JOB.replace('    needs: analyze\n', condition),
      ].join('\n');
    const gated = await grade({
      [WORKFLOW]: head + rollback,
      '.github/workflows/promote.yml': follower(
        "    if: github.event.workflow_run.conclusion == 'success'\n",
      ),
    });
    expect(gated['promotes-after-analysis']).toBe(true);
    expect(gated['rollback-on-failed-analysis']).toBe(true);
    expect(gated['one-deployment-at-a-time']).toBe(false);
    const ungated = await grade({
      [WORKFLOW]: head + rollback,
      '.github/workflows/promote.yml': follower(''),
    });
    expect(ungated['failed-canary-stops']).toBe(false);
  });

  it('does not take a changed analysis script at its word', async () => {
    const checks = await grade({
      'scripts/analyze-canary.sh': '#!/usr/bin/env bash\necho verdict=pass >> "$GITHUB_OUTPUT"\n',
    });
    expect(checks['promotes-after-analysis']).toBe(false);
    expect(checks['rollback-on-failed-analysis']).toBe(false);
    expect(checks['actions-pinned-by-sha']).toBe(true);
  });
});

describe('cause 2: unknown is not safe', () => {
  it('treats an environment that comes from an input nobody passes as no environment', async () => {
    const callee = [
      'on:',
      '  workflow_call:',
      '    inputs:',
      '      target: { type: string, required: false }',
      'jobs:',
      PROMOTE_JOB.replace('  promote:\n    needs: analyze\n', '  promote:\n').replace(
        'environment: production',
        'environment: ${{ inputs.target }}',
      ),
    ].join('\n');
    const caller = edit(
      PROMOTE_JOB,
      '  promote:\n    needs: analyze\n    uses: ./.github/workflows/promote.yml\n    permissions:\n      contents: read\n      id-token: write\n\n',
    );
    const checks = await grade({ [WORKFLOW]: caller, '.github/workflows/promote.yml': callee });
    expect(checks['production-environment']).toBe(false);
  });
});

describe('cause 2: a repository variable can be set to anything', () => {
  it('fails an escape hatch a variable opens, but not a variable that only names a region', async () => {
    const hatch = await grade({
      [WORKFLOW]: edit(
        '  promote:\n    needs: analyze\n',
        "  promote:\n    needs: analyze\n    if: ${{ always() && (needs.analyze.result == 'success' || vars.FORCE_PROMOTE == 'true') }}\n",
      ),
    });
    expect(hatch['rollback-on-failed-analysis']).toBe(false);
    expect(hatch['failed-canary-stops']).toBe(false);
    const region = await grade({
      [WORKFLOW]: edit('  AWS_REGION: eu-west-1\n', '  AWS_REGION: ${{ vars.AWS_REGION }}\n'),
    });
    expect(Object.values(region).every(Boolean)).toBe(true);
  });
});

describe('cause 5: behaviour against the oracle over generated scenarios', () => {
  it('generates the same scenarios for the same seed, every kind at both edges of the brief', () => {
    const scenarios = generateScenarios();
    expect(generateScenarios(SEED)).toEqual(scenarios);
    expect(generateScenarios(SEED + 1)).not.toEqual(scenarios);
    for (const analysis of ['pass', 'fail', 'error']) {
      for (const canaryFails of [false, true]) {
        const kind = scenarios.filter(
          (s) => !s.testsFail && s.analysis === analysis && s.canaryFails === canaryFails,
        );
        expect(kind.map((s) => s.analysisMinutes)).toEqual(expect.arrayContaining([10, 15]));
        expect(kind.map((s) => s.deployMinutes)).toEqual(expect.arrayContaining([0.5, 12]));
      }
    }
    expect(scenarios.some((s) => s.testsFail)).toBe(true);
    for (const s of scenarios) {
      expect(s.analysisMinutes).toBeGreaterThanOrEqual(10);
      expect(s.analysisMinutes).toBeLessThanOrEqual(15);
      expect(s.deployMinutes).toBeLessThanOrEqual(12);
    }
  });

  it('wants a rollback when the analysis errors without a verdict, and names that scenario', async () => {
    const result = await gradeWith({
      [WORKFLOW]: edit(
        "(needs.canary.result == 'failure' || needs.analyze.result == 'failure')",
        "(needs.canary.result == 'failure' || needs.analyze.outputs.verdict == 'fail')",
        edit(
          '  analyze:\n    needs: canary\n    runs-on: ubuntu-latest\n',
          '  analyze:\n    needs: canary\n    runs-on: ubuntu-latest\n    outputs:\n      verdict: ${{ steps.compare.outputs.verdict }}\n',
          edit(ANALYSIS_STEP, `        id: compare\n${ANALYSIS_STEP}`),
        ),
      ),
    });
    const rollback = result.checks.find((c) => c.id === 'rollback-on-failed-analysis');
    expect(rollback?.passed).toBe(false);
    expect(rollback?.message).toContain('errors (exit 2, no verdict)');
  });

  it('cuts off an analysis at its timeout-minutes and leaves a timeout with room alone', async () => {
    const short = await grade({
      [WORKFLOW]: edit(ANALYSIS_STEP, `        timeout-minutes: 15\n${ANALYSIS_STEP}`),
    });
    expect(short['promotes-after-analysis']).toBe(false);
    const roomy = await grade({
      [WORKFLOW]: edit(ANALYSIS_STEP, `        timeout-minutes: 16\n${ANALYSIS_STEP}`),
    });
    expect(roomy['promotes-after-analysis']).toBe(true);
  });

  it('kills an analysis at the duration coreutils timeout gives it', async () => {
    const wrapped = (limit: string) =>
      edit(ANALYSIS_STEP, `        run: timeout ${limit} ./scripts/analyze-canary.sh\n`);
    expect((await grade({ [WORKFLOW]: wrapped('10m') }))['promotes-after-analysis']).toBe(false);
    expect((await grade({ [WORKFLOW]: wrapped('20m') }))['promotes-after-analysis']).toBe(true);
  });

  it('treats a deploy hidden in bash -c as one that may change production', async () => {
    const extra = `      - run: bash -c "./scripts/deploy.sh production"\n`;
    const checks = await grade({
      [WORKFLOW]: edit('      - run: npm test\n', `      - run: npm test\n${extra}`),
    });
    expect(checks['failed-canary-stops']).toBe(false);
    expect(checks['promotes-after-analysis']).toBe(false);
  });

  it('keeps production untouched when the tests fail', async () => {
    const checks = await grade({ [WORKFLOW]: edit('  canary:\n    needs: test\n', '  canary:\n') });
    expect(checks['promotes-after-analysis']).toBe(false);
  });

  it('does not take a plain full deploy after the analysis for the promotion', async () => {
    const checks = await grade({
      [WORKFLOW]: edit(
        'run: ./scripts/deploy.sh production --promote',
        'run: ./scripts/deploy.sh production',
      ),
    });
    expect(checks['promotes-after-analysis']).toBe(false);
  });
});
