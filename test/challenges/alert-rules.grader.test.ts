import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { createSandbox, type Sandbox } from '../../sandbox/index.ts';
import { loadChallenge, readTree } from '../../server/challenges/load.ts';
import type { WorkspaceFile } from '../../server/contract/api.ts';
import { runGrader } from '../../server/grading/run-grader.ts';
import type { GradingOutcome } from '../../server/scoring/types.ts';
import { requireDocker } from '../support/docker.ts';
import { itWith, publicFiles } from '../support/public-files.ts';

/**
 * The alert-rules grader needs promtool, which only the grader-prometheus image has, so every
 * grading here goes through the platform's own path: loadChallenge, runGrader, the real sandbox.
 */
const CHALLENGE_DIR = path.resolve(import.meta.dirname, '../../challenges/alert-rules');
const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/alert-rules');
const RULES = 'rules/checkout-api.yml';

type Judged = Extract<GradingOutcome, { kind: 'judged' }>;

const challenge = await loadChallenge(CHALLENGE_DIR);
const checkIds = challenge.manifest.checks.map((c) => c.id);
const solution = (await readTree(path.join(CHALLENGE_DIR, 'solution'))).find((f) => f.path === RULES);
if (!solution) throw new Error(`the solution has no ${RULES}`);
const wrongCases = (await readdir(path.join(FIXTURES, 'wrong'))).sort();
const rightCases = (await readdir(path.join(FIXTURES, 'right'))).sort();
let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = createSandbox({ docker: await requireDocker() });
});

async function grade(files: WorkspaceFile[]): Promise<Judged> {
  const outcome = await runGrader({ sandbox, challenge, files });
  if (outcome.kind !== 'judged')
    throw new Error(`expected a judgement, got ${outcome.kind}: ${outcome.error}`);
  expect(outcome.checks.map((c) => c.id)).toEqual(checkIds);
  for (const check of outcome.checks) {
    expect(check.score).toBeGreaterThanOrEqual(0);
    expect(check.score).toBeLessThanOrEqual(1);
  }
  return outcome;
}

async function gradeFolder(dir: string): Promise<Judged> {
  return grade((await readTree(dir)).filter((f) => f.path !== 'expect.yaml'));
}

/** The solution with one line replaced: a candidate's typo in an otherwise good file. */
function solutionWith(line: number, replacement: string): WorkspaceFile[] {
  const lines = (solution?.content ?? '').split('\n');
  lines[line - 1] = replacement;
  return [{ path: RULES, content: lines.join('\n') }];
}

const failed = (outcome: Judged) => outcome.checks.filter((c) => !c.passed).map((c) => c.id);

describe('the alert-rules grader, in the real sandbox', () => {
  it('scores the reference solution 100 %, every check at 1, the same every time', async () => {
    const first = await gradeFolder(path.join(CHALLENGE_DIR, 'solution'));
    expect(first.checks.filter((c) => c.score !== 1)).toEqual([]);
    expect(first.score).toBe(100);
    expect(first.diagnostics).toEqual([]);
    const second = await gradeFolder(path.join(CHALLENGE_DIR, 'solution'));
    expect(second.checks).toEqual(first.checks);
  });

  it('scores the starter below 40 %, failing its noisy raw-counter alerts', async () => {
    const outcome = await gradeFolder(path.join(CHALLENGE_DIR, 'starter'));
    expect(outcome.score).toBeLessThan(40);
    expect(failed(outcome)).toEqual(expect.arrayContaining(['pages-on-errors', 'quiet-on-noise']));
  });

  it.each(wrongCases)('fails exactly the checks wrong/%s/expect.yaml lists', async (name) => {
    const dir = path.join(FIXTURES, 'wrong', name);
    const expected = parseYaml(await readFile(path.join(dir, 'expect.yaml'), 'utf8')) as { fails: string[] };
    expect(expected.fails.every((id) => checkIds.includes(id))).toBe(true);
    const outcome = await gradeFolder(dir);
    expect(failed(outcome).sort()).toEqual([...expected.fails].sort());
  });

  it.each(rightCases)('passes right/%s, another correct style, on every check', async (name) => {
    const outcome = await gradeFolder(path.join(FIXTURES, 'right', name));
    expect(outcome.checks.filter((c) => !c.passed).map((c) => `${c.id}: ${c.message}`)).toEqual([]);
  });

  it('gives the same result for a wrong solution graded twice', async () => {
    const dir = path.join(FIXTURES, 'wrong', 'counts-4xx-as-errors');
    expect((await gradeFolder(dir)).checks).toEqual((await gradeFolder(dir)).checks);
  });
});

describe('problems in the candidate files, in the real sandbox', () => {
  it('reports a YAML syntax error with its file and line, and fails every check pointing at it', async () => {
    const outcome = await grade(solutionWith(7, '   - record job:http_requests:rate5m'));
    expect(outcome.diagnostics[0]).toMatchObject({ file: RULES, line: 7 });
    for (const check of outcome.checks) {
      expect(check).toMatchObject({ passed: false, score: 0 });
      expect(check.message).toContain(`${RULES} line 7`);
    }
  });

  it('reports a PromQL error with the line promtool gives', async () => {
    const outcome = await grade(solutionWith(7, '        expr: sum by (job) (rate(http_requests_total[5m])'));
    expect(outcome.diagnostics[0]).toMatchObject({ file: RULES, line: 7 });
    expect(outcome.diagnostics[0]?.message).toContain('parse error');
    expect(outcome.checks.every((c) => !c.passed && c.message.includes('promtool check rules rejects'))).toBe(
      true,
    );
  });

  it('puts the rule line on promtool messages that only name the group and rule', async () => {
    const lines = (solution?.content ?? '').split('\n');
    const summary = lines.findIndex((l) => l.includes('summary: "checkout-api: p99')) + 1;
    const outcome = await grade(solutionWith(summary, '          summary: "{{ .Broken "'));
    const rule = lines.findIndex((l) => l.includes('alert: CheckoutApiHighLatency')) + 1;
    expect(outcome.diagnostics[0]).toMatchObject({ file: RULES, line: rule });
    expect(outcome.diagnostics[0]?.message).toContain('template');
  });

  it('judges rules that fail to evaluate, saying which scenarios could not be replayed', async () => {
    const outcome = await grade([
      {
        path: RULES,
        content: [
          'groups:',
          '  - name: broken',
          '    rules:',
          '      - alert: Mismatched',
          '        expr: http_requests_total / on () db_pool_connections_max > 0',
          '        for: 5m',
          '        labels: {severity: page, team: checkout}',
          '        annotations: {summary: x, runbook_url: "https://runbooks.example.com/checkout-api/x"}',
        ].join('\n'),
      },
    ]);
    const errors = outcome.checks.find((c) => c.id === 'pages-on-errors');
    expect(errors?.message).toContain('Could not replay');
    expect(errors?.message).toContain('many-to-many matching not allowed');
    expect(failed(outcome)).not.toContain('alerts-routed');
  });

  it('names the YAML files Prometheus would never load when rules/ is empty', async () => {
    const outcome = await grade([{ path: 'alerts.yml', content: solution?.content ?? '' }]);
    expect(outcome.checks.every((c) => !c.passed && c.message.includes('alerts.yml'))).toBe(true);
  });
});

describe('hostile input, in the real sandbox', () => {
  const withRules = (content: string): WorkspaceFile[] => [{ path: RULES, content }];
  const refused = async (files: WorkspaceFile[], line: number) => {
    const outcome = await grade(files);
    expect(outcome.diagnostics[0]).toMatchObject({ file: RULES, line });
    expect(outcome.checks.every((c) => !c.passed)).toBe(true);
    expect(outcome.wallMs).toBeLessThan(15_000);
  };

  it('refuses a YAML alias bomb', async () => {
    const names = 'abcdefghijklmnopqrstuvw';
    const bomb = ['a: &a ["lol", "lol", "lol"]'];
    for (let i = 1; i < names.length; i++) {
      bomb.push(
        `${names[i]}: &${names[i]} [${Array(9)
          .fill(`*${names[i - 1]}`)
          .join(', ')}]`,
      );
    }
    await refused(withRules(bomb.join('\n')), 0);
  });

  it('refuses a 5 MB single line', async () => {
    await refused(withRules(`groups: [${'x'.repeat(5 * 1024 * 1024)}]`), 0);
  });

  it('refuses binary bytes', async () => {
    const junk = Array.from({ length: 4096 }, (_, i) => String.fromCharCode((i * 7919) % 256)).join('');
    await refused(withRules(`groups:\n${junk}`), 2);
  });

  it('refuses nesting deep enough to exhaust the parser', async () => {
    await refused(withRules(`groups: ${'['.repeat(50_000)}`), 1);
  });

  // The grading itself is bounded by the sandbox's limit (asserted below); the test waits longer,
  // since beside the mutation guard on two cores it can wait its turn for a minute before it starts.
  it('judges, within the time limit, rules that make promtool do a lot of work', {
    timeout: 180_000,
  }, async () => {
    const heavy = [
      'groups:',
      '  - name: heavy',
      '    rules:',
      ...Array.from({ length: 20 }, (_, i) => [
        `      - alert: Heavy${i}`,
        `        expr: max_over_time(sum(rate(http_requests_total[1h]))[1h:1s]) > ${i}`,
        '        for: 1m',
      ]).flat(),
    ];
    const outcome = await grade(withRules(heavy.join('\n')));
    expect(outcome.wallMs).toBeLessThan(challenge.manifest.sandbox.timeoutSeconds * 1000);
  });
});

const corpus = publicFiles('corpus', 'prometheus-rules');

describe('the public rule corpus, in the real sandbox', () => {
  itWith(corpus)(
    'judges every real-world rule file without a grader error',
    { timeout: 900_000 },
    async () => {
      const files = (await readdir(corpus.dir, { recursive: true })).filter((f) => /\.ya?ml$/.test(f)).sort();
      expect(files.length).toBeGreaterThan(100);
      // Two at a time: each grading runs promtool for every scenario, and this machine has two cores.
      const queue = [...files];
      const gradeNext = async (): Promise<void> => {
        const file = queue.shift();
        if (file === undefined) return;
        const content = await readFile(path.join(corpus.dir, file), 'utf8');
        const outcome = await grade([{ path: `rules/${path.basename(file)}`, content }]);
        expect(outcome.checks.filter((c) => c.passed).length, file).toBeLessThan(checkIds.length);
        await gradeNext();
      };
      await Promise.all([gradeNext(), gradeNext()]);
    },
  );
});
