// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are GitHub Actions, whose ${{ }} is not JavaScript's.
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { GraderOutput } from '../../server/challenges/schema.ts';
import { graderOutputSchema } from '../../server/challenges/schema.ts';

/** The package under test; the one place to change when the folder is renamed. */
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
const reference = await readFile(path.join(solution, WORKFLOW), 'utf8');

const scratch: string[] = [];
afterAll(async () => {
  await Promise.all(scratch.map((dir) => rm(dir, { recursive: true, force: true })));
});

/** Replaces `from` (which must occur) in the reference workflow. */
function edit(from: string, to: string, text = reference): string {
  expect(text).toContain(from);
  return text.replace(from, to);
}

/** Grades the reference solution with some files replaced or added; returns pass/fail by check id. */
async function grade(files: Record<string, string>): Promise<Record<string, boolean>> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'cicd-canary-scenario-'));
  scratch.push(dir);
  await cp(solution, dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), text);
  }
  const result = graderOutputSchema.parse(await gradeWorkspace(dir));
  expect(result.diagnostics).toBeUndefined();
  return Object.fromEntries(result.checks.map((c) => [c.id, c.passed]));
}

const ANALYSIS_STEP = '        run: ./scripts/analyze-canary.sh\n';

describe('how the grader runs a step', () => {
  it('does not take a command that merely names the deploy script for a deploy', async () => {
    // The attack on a text-matching grader: the script's path appears, but nothing deploys.
    const checks = await grade({
      [WORKFLOW]: edit('run: ./scripts/deploy.sh production --canary', 'run: chmod +x ./scripts/deploy.sh'),
    });
    expect(checks['promotes-after-analysis']).toBe(false);
  });

  it('follows cd and bash to the script', async () => {
    const checks = await grade({
      [WORKFLOW]: edit(
        'run: ./scripts/deploy.sh production --canary',
        'run: cd scripts && bash ./deploy.sh production --canary',
      ),
    });
    expect(Object.values(checks).every(Boolean)).toBe(true);
  });

  it('sees that set +e lets a failed analysis finish its step green', async () => {
    // The analysis fails, but the step's last command succeeds: the job passes and promote runs.
    const checks = await grade({
      [WORKFLOW]: edit(
        ANALYSIS_STEP,
        '        run: |\n          set +e\n          ./scripts/analyze-canary.sh\n          echo done\n',
      ),
    });
    expect(checks['rollback-on-failed-analysis']).toBe(false);
  });

  it('knows a pipe hides the analysis result under the default shell, but not under shell: bash', async () => {
    // GitHub's default is `bash -e {0}`; `shell: bash` adds -o pipefail.
    const piped = '        run: ./scripts/analyze-canary.sh | tee analysis.txt\n';
    const defaultShell = await grade({ [WORKFLOW]: edit(ANALYSIS_STEP, piped) });
    expect(defaultShell['rollback-on-failed-analysis']).toBe(false);
    const bash = await grade({ [WORKFLOW]: edit(ANALYSIS_STEP, `        shell: bash\n${piped}`) });
    expect(bash['rollback-on-failed-analysis']).toBe(true);
  });

  it('treats a deploy whose target it cannot know as one that may change production', async () => {
    const extra = [
      '  warm-cache:',
      '    needs: test',
      '    runs-on: ubuntu-latest',
      '    environment: production',
      '    steps:',
      `      - uses: actions/checkout@${'1'.repeat(40)}`,
      '      - run: ./scripts/deploy.sh "$TARGET_ENV"',
      '',
    ].join('\n');
    const checks = await grade({ [WORKFLOW]: edit('  canary:\n', `${extra}\n  canary:\n`) });
    expect(checks['failed-canary-stops']).toBe(false);
  });
});

describe('how the grader runs the job graph', () => {
  it('skips a job whose grandparent failed even when its direct need succeeded', async () => {
    // GitHub's success() looks at every job upstream: with the canary failed and the analysis
    // forced to run, the promote job (needs: analyze, no if:) is still skipped.
    const checks = await grade({
      [WORKFLOW]: edit(
        '  analyze:\n    needs: canary\n',
        '  analyze:\n    needs: canary\n    if: always()\n',
      ),
    });
    expect(checks['failed-canary-stops']).toBe(true);
  });

  it('catches a promotion in a second workflow that a push also starts', async () => {
    const hotfix = [
      'on:',
      '  push:',
      '    branches: [main, "release/**"]',
      'permissions:',
      '  contents: read',
      'jobs:',
      '  promote:',
      '    runs-on: ubuntu-latest',
      '    environment: production',
      '    steps:',
      `      - uses: actions/checkout@${'1'.repeat(40)}`,
      '      - run: ./scripts/deploy.sh production --promote',
    ].join('\n');
    const checks = await grade({ '.github/workflows/hotfix.yml': hotfix });
    expect(checks['promotes-after-analysis']).toBe(false);
    expect(checks['rollback-on-failed-analysis']).toBe(false);
    expect(checks['failed-canary-stops']).toBe(false);
  });

  it('leaves a manual workflow out of the push scenarios but still checks its actions', async () => {
    const manual = [
      'on: workflow_dispatch',
      'permissions:',
      '  contents: read',
      'jobs:',
      '  rollback:',
      '    runs-on: ubuntu-latest',
      '    environment: production',
      '    steps:',
      '      - uses: actions/checkout@v4',
      '      - run: ./scripts/deploy.sh production --rollback',
    ].join('\n');
    const checks = await grade({ '.github/workflows/manual-rollback.yml': manual });
    expect(checks['promotes-after-analysis']).toBe(true);
    expect(checks['actions-pinned-by-sha']).toBe(false);
  });

  it('does not score the security checks for a workflow that no longer deploys', async () => {
    // The attack: delete the deploy jobs; what is left is pinned, read-only and harmless.
    const testOnly = reference.slice(0, reference.indexOf('  canary:\n'));
    const result = await grade({ [WORKFLOW]: testOnly });
    expect(Object.values(result).some(Boolean)).toBe(false);
  });
});

describe('the concurrency and pinning checks', () => {
  it.each([
    ['${{ github.workflow }}-${{ github.ref }}', true],
    ['deploy-${{ github.sha }}', false],
    ["${{ github.ref == 'refs/heads/main' && 'production' || github.run_id }}", true],
  ])('judges the group %s by evaluating it for two runs', async (group, constant) => {
    const checks = await grade({
      [WORKFLOW]: edit('  group: storefront-production\n', `  group: ${group}\n`),
    });
    expect(checks['one-deployment-at-a-time']).toBe(constant);
  });

  it('wants a digest for a docker image and a SHA for a reusable workflow, nothing for a local action', async () => {
    const extra = (uses: string) =>
      edit('      - run: npm ci\n', `      - uses: ${uses}\n      - run: npm ci\n`);
    const digest = `docker://node@sha256:${'a'.repeat(64)}`;
    expect((await grade({ [WORKFLOW]: extra(digest) }))['actions-pinned-by-sha']).toBe(true);
    expect((await grade({ [WORKFLOW]: extra('docker://node:22') }))['actions-pinned-by-sha']).toBe(false);
    const local = {
      [WORKFLOW]: extra('./.github/actions/setup'),
      '.github/actions/setup/action.yml':
        'name: setup\ndescription: d\nruns:\n  using: composite\n  steps:\n    - run: echo\n      shell: bash\n',
    };
    expect((await grade(local))['actions-pinned-by-sha']).toBe(true);
    const reusable = edit(
      '  canary:\n',
      '  lint:\n    uses: acme/workflows/.github/workflows/lint.yml@main\n\n  canary:\n',
    );
    expect((await grade({ [WORKFLOW]: reusable }))['actions-pinned-by-sha']).toBe(false);
  });
});
