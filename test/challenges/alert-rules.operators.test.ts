import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { operators } from '../../scripts/mutants/operators/prometheus.ts';
import { tokenize } from '../../scripts/mutants/operators/prometheus-source.ts';

/** The Prometheus-rules mutation operators, applied to the alert-rules reference solution. */
const RULES = 'rules/checkout-api.yml';
const reference = await readFile(
  path.resolve(import.meta.dirname, '../../challenges/alert-rules/solution', RULES),
  'utf8',
);
const files = [{ path: RULES, content: reference }];
const mutants = operators.flatMap((op) => op.apply(files));

describe('the Prometheus-rules mutation operators', () => {
  it('make every mutant the issue asks for, with unique ids, the same every time', () => {
    const ops = new Set(mutants.map((m) => m.operator));
    for (const name of [
      'move-threshold',
      'drop-label-matcher',
      'change-for',
      'change-range',
      'aggregate-per-pod',
      'change-status-regex',
      'drop-rule',
      'swap-comparison',
    ]) {
      expect(ops).toContain(`prometheus.${name}`);
    }
    expect(new Set(mutants.map((m) => m.id)).size).toBe(mutants.length);
    expect(operators.flatMap((op) => op.apply(files)).map((m) => m.id)).toEqual(mutants.map((m) => m.id));
  });

  it('change the file and keep it one YAML document with the same groups', () => {
    for (const mutant of mutants) {
      const [file] = mutant.files;
      expect(file?.content).not.toBe(reference);
      const parsed = parseYaml(file?.content ?? '') as { groups: { rules: unknown[] }[] };
      expect(parsed.groups).toHaveLength(1);
    }
  });

  it('edit PromQL token by token, so the expression stays well formed', () => {
    const threshold = mutants.find((m) => m.id.includes('HighErrorRatio 0.05 -> 0.055'));
    expect(threshold?.files[0]?.content).toContain('job:http_requests_5xx:ratio_rate5m > 0.055');
    const matcher = mutants.find((m) => m.id.includes('drop-label-matcher') && m.id.includes('code=~"5.."'));
    expect(matcher?.files[0]?.content).toContain(
      'rate(http_requests_total{job=\\"checkout-api\\"}[5m]))\\n  /',
    );
    for (const mutant of mutants) {
      const rules =
        (parseYaml(mutant.files[0]?.content ?? '') as { groups: { rules: { expr?: string }[] }[] }).groups[0]
          ?.rules ?? [];
      for (const rule of rules) {
        const tokens = tokenize(rule.expr ?? '');
        expect(tokens).toBeDefined();
        const depth = (tokens ?? []).reduce((d, t) => d + (t.text === '(' ? 1 : t.text === ')' ? -1 : 0), 0);
        expect(depth).toBe(0);
      }
    }
  });

  it('make nothing of files Prometheus does not load or cannot parse', () => {
    const other = [
      { path: 'tests/x.yml', content: reference },
      { path: 'rules/broken.yml', content: 'groups: [' },
    ];
    expect(operators.flatMap((op) => op.apply(other))).toEqual([]);
  });
});
