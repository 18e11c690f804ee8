import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { parseDuration } from '../../challenges/alert-rules/grader/duration.ts';
import { parseSamples } from '../../challenges/alert-rules/grader/go-labels.ts';
import { CHECKS } from '../../challenges/alert-rules/grader/grade-workspace.ts';
import { alertRules, ruleEntries } from '../../challenges/alert-rules/grader/rules.ts';
import { SCENARIOS, scenario } from '../../challenges/alert-rules/grader/scenarios.ts';
import { compress, inputSeries } from '../../challenges/alert-rules/grader/series.ts';
import { readObservations, unitTestFile } from '../../challenges/alert-rules/grader/unit-test.ts';
import { parseRuleFile, type RuleFile } from '../../challenges/alert-rules/grader/workspace.ts';
import { challengeManifestSchema } from '../../server/challenges/schema.ts';
import { itWith, publicFiles } from '../support/public-files.ts';

/**
 * The parts of the alert-rules grader that need no promtool, tested on the host. Everything that
 * replays rules runs through the real sandbox in alert-rules.grader.test.ts.
 */
const CHALLENGE_DIR = path.resolve(import.meta.dirname, '../../challenges/alert-rules');
const corpus = publicFiles('corpus', 'prometheus-rules');
const CORPUS_DIR = corpus.dir;
const manifest = challengeManifestSchema.parse(
  parseYaml(await readFile(path.join(CHALLENGE_DIR, 'challenge.yaml'), 'utf8')),
);

const parsed = (file: string, source: string): RuleFile => {
  const result = parseRuleFile(file, new TextEncoder().encode(source));
  if ('message' in result) throw new Error(result.message);
  return result;
};

describe('the alert-rules package', () => {
  it('declares the same checks, in the same order, as the grader', () => {
    expect(CHECKS.map((c) => c.id)).toEqual(manifest.checks.map((c) => c.id));
  });

  it('lists in BRIEF.md exactly the requirements of challenge.yaml', async () => {
    const brief = await readFile(path.join(CHALLENGE_DIR, 'BRIEF.md'), 'utf8');
    const listed = brief
      .split('\n')
      .filter((line) => line.startsWith('- **R'))
      .map((line) => line.replace(/^- \*\*(R\d+)\*\* — /, '$1 '));
    expect(listed).toEqual(manifest.requirements.map((r) => `${r.id} ${r.text}`));
  });

  it('hides several checks and gives partial credit weights', () => {
    expect(manifest.checks.filter((c) => !c.visible).length).toBeGreaterThanOrEqual(3);
    expect(manifest.checks.length).toBeGreaterThanOrEqual(6);
  });
});

describe('the scenarios the rules are replayed against', () => {
  it('start with the healthy baseline and have distinct ids', () => {
    expect(SCENARIOS[0]?.id).toBe('healthy');
    expect(new Set(SCENARIOS.map((s) => s.id)).size).toBe(SCENARIOS.length);
  });

  it('write one sample per scrape for every series, in promtool notation, gaps as _', () => {
    const expand = (values: string) =>
      values
        .split(' ')
        .reduce((count, part) => count + (part.includes('x') ? Number(part.split('x')[1]) + 1 : 1), 0);
    for (const s of SCENARIOS) {
      for (const series of inputSeries(s)) expect(expand(series.values)).toBe(s.minutes * 2 + 1);
    }
    const gappy = inputSeries(scenario('restarts-and-gaps'));
    expect(gappy.some((s) => s.values.split(' ').includes('_'))).toBe(true);
    expect(inputSeries(scenario('errors-without-500')).map((s) => s.series)).toContain(
      'http_requests_total{job="checkout-api", instance="10.0.1.11:8080", code="502"}',
    );
  });

  it('compress runs of equal steps and keep every value', () => {
    expect(compress([1, 2, 3, 3, 3, 10])).toBe('1+1x2 3+0x1 10');
    expect(compress([5, 4, 3])).toBe('5-1x2');
    expect(compress([0.5, 0.75, 1])).toBe('0.5+0.25x2');
    expect(compress([1, 2, undefined, 4, 5])).toBe('1+1x1 _ 4+1x1');
  });

  it('build one test file with a test group per scenario, probing every minute, each ending with a sentinel', () => {
    const some = SCENARIOS.slice(0, 3);
    const file = parseYaml(unitTestFile(some, ['rules/f0.yml'])) as {
      rule_files: string[];
      tests: { promql_expr_test: { eval_time: string; expr: string }[] }[];
    };
    expect(file.rule_files).toEqual(['rules/f0.yml']);
    expect(file.tests).toHaveLength(3);
    file.tests.forEach((group, i) => {
      expect(group.promql_expr_test).toHaveLength((some[i]?.minutes ?? 0) + 1);
      expect(group.promql_expr_test.at(-1)?.expr).toContain(`${some[i]?.id}/done`);
    });
  });
});

describe('reading promtool reports', () => {
  it('decodes Go-quoted label values, including quotes, commas and braces in alert names', () => {
    const line = String.raw`{alertname="Checkout \"5xx\" ratio ≥ 5 %, {x=\"y\"} 1E+00, {", gauntlet_probe="3", severity="pa\"ge\n"} 1E+00, {alertname="B\x41\u00e9", gauntlet_probe="3"} 2.5E+00`;
    expect(parseSamples(line)).toEqual([
      {
        labels: {
          alertname: 'Checkout "5xx" ratio ≥ 5 %, {x="y"} 1E+00, {',
          gauntlet_probe: '3',
          severity: 'pa"ge\n',
        },
        value: 1,
      },
      { labels: { alertname: 'BAé', gauntlet_probe: '3' }, value: 2.5 },
    ]);
    expect(parseSamples('nil')).toEqual([]);
    expect(parseSamples('{alertname="open')).toBeUndefined();
  });

  it('turns probe failures into the minutes each alert fired in, per scenario', () => {
    const two = [scenario('healthy'), scenario('deploys')];
    const report = [
      'Unit Testing:  replay-0.yml',
      '  FAILED:',
      '    expr: "label_replace(...)", time: 18m,',
      '        exp: nil',
      '        got: {alertname="HighErrors", gauntlet_probe="deploys/18", severity="page", team="checkout"} 1E+00',
      '        got: {gauntlet_probe="healthy/done"} 1E+00',
      '        got: {gauntlet_probe="deploys/done"} 1E+00',
    ].join('\n');
    const observations = readObservations(two, report);
    expect(observations.get('healthy')).toMatchObject({ firing: new Map() });
    expect(observations.get('deploys')?.error).toBeUndefined();
    expect([...(observations.get('deploys')?.firing ?? [])]).toEqual([
      [18, [{ alertname: 'HighErrors', severity: 'page', team: 'checkout' }]],
    ]);
  });

  it('reports a replay that a failing rule cut short, for the scenarios it did not finish', () => {
    const report = [
      '  FAILED:',
      '    rule: Bad, time: 0s, err: multiple matches for labels: many-to-one matching must be explicit',
      '        got: {gauntlet_probe="healthy/done"} 1E+00',
    ].join('\n');
    const observations = readObservations([scenario('healthy'), scenario('deploys')], report);
    expect(observations.get('healthy')?.error).toBeUndefined();
    expect(observations.get('deploys')?.error).toContain('a rule failed to evaluate: rule: Bad');
  });
});

describe('reading rule files', () => {
  it('locates every rule and keeps the alerting ones, following anchors and merge keys', () => {
    const file = parsed(
      'rules/a.yml',
      [
        'groups:',
        '  - name: api',
        '    rules:',
        '      - record: job:x:rate5m',
        '        expr: sum(rate(x[5m]))',
        '      - alert: A',
        '        expr: job:x:rate5m > 1',
        '        labels: &page {severity: page, team: checkout}',
        '      - alert: B',
        '        expr: job:x:rate5m > 2',
        '        labels: {<<: *page, severity: ticket}',
      ].join('\n'),
    );
    const entries = ruleEntries([file]);
    expect(entries.map((e) => [e.group, e.index, e.line])).toEqual([
      ['api', 1, 4],
      ['api', 2, 6],
      ['api', 3, 9],
    ]);
    expect(alertRules(entries).map((a) => [a.name, a.labels])).toEqual([
      ['A', { severity: 'page', team: 'checkout' }],
      ['B', { severity: 'ticket', team: 'checkout' }],
    ]);
  });

  it('refuses YAML errors, several documents, alias bombs, deep nesting and binary bytes with a line', () => {
    const refuse = (source: string | Uint8Array) =>
      parseRuleFile('rules/x.yml', typeof source === 'string' ? new TextEncoder().encode(source) : source);
    expect(refuse('groups:\n  - name: a\n   rules: []\n')).toMatchObject({ file: 'rules/x.yml', line: 3 });
    expect(refuse('groups: []\n---\ngroups: []\n')).toMatchObject({ line: 2 });
    const bomb = [
      'a: &a [x, x]',
      ...'bcdefghijklmnop'
        .split('')
        .map((c, i) => `${c}: &${c} [*${'abcdefghijklmnop'[i]}, *${'abcdefghijklmnop'[i]}]`),
    ];
    expect(refuse(bomb.join('\n'))).toMatchObject({ message: expect.stringContaining('alias') });
    expect(refuse(`groups: ${'['.repeat(10_000)}`)).toMatchObject({
      line: 1,
      message: expect.stringContaining('nested'),
    });
    expect(refuse(`groups:\n${'- '.repeat(10_000)}x`)).toMatchObject({ line: 2 });
    expect(refuse(new Uint8Array([0x67, 0x3a, 0xff, 0xfe, 0x00]))).toMatchObject({ line: 0 });
    expect(refuse('groups: []\n\u0000\u0001')).toMatchObject({ line: 2 });
  });

  it('reads an empty file as no rules, as Prometheus does', () => {
    expect(ruleEntries([parsed('rules/empty.yml', '')])).toEqual([]);
  });

  itWith(corpus)('parses every file of the public corpus without throwing', async () => {
    const files = (await readdir(CORPUS_DIR, { recursive: true })).filter((f) => f.endsWith('.yml'));
    expect(files.length).toBeGreaterThan(50);
    let alerts = 0;
    for (const file of files) {
      const result = parseRuleFile(file, await readFile(path.join(CORPUS_DIR, file)));
      if (!('message' in result)) alerts += alertRules(ruleEntries([result])).length;
    }
    expect(alerts).toBeGreaterThan(100);
  });

  it('reads Prometheus durations', () => {
    expect(parseDuration('5m')).toBe(300);
    expect(parseDuration('1h30m')).toBe(5400);
    expect(parseDuration('0')).toBe(0);
    expect(parseDuration('90')).toBeUndefined();
    expect(parseDuration('')).toBeUndefined();
  });
});
