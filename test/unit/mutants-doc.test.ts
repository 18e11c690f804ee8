import { describe, expect, it } from 'vitest';
import { validityDocument } from '../../scripts/mutants/doc.ts';
import type { MutationRun } from '../../scripts/mutants/run.ts';
import { summarize } from '../../scripts/mutants/summary.ts';

const run = (slug: string, survivors: number): MutationRun => {
  const results = [
    ...Array.from({ length: 20 }, (_, i) => ({
      id: `hcl.a main.tf ${i}`,
      operator: 'hcl.a',
      description: 'widens a CIDR',
      verdict: { kind: 'killed' as const, score: 50, failed: ['db-private'] },
    })),
    ...Array.from({ length: survivors }, (_, i) => ({
      id: `hcl.b main.tf ${i}`,
      operator: 'hcl.b',
      description: 'drops the tags',
      verdict: { kind: 'survived' as const, score: 100, passed: ['db-private'] },
    })),
  ];
  const summary = summarize(results, { operators: ['hcl'], equivalent: [], recordedKillRate: 0.95 });
  return {
    slug,
    referenceScore: 100,
    sameAsReference: 0,
    duplicates: 0,
    operatorErrors: [],
    results,
    summary,
    failures: summary.failures,
  };
};

describe('docs/grading-validity.md', () => {
  it('has a row per files challenge with its rate, mutants, equivalents and fixtures, and says how to regenerate it', () => {
    const text = validityDocument(
      [
        {
          slug: 'terraform-test-env',
          run: run('terraform-test-env', 1),
          equivalents: 2,
          right: 4,
          wrong: 12,
          seconds: 61.2,
        },
        { slug: 'alert-rules', run: { missing: 'no mutants.yaml yet' }, equivalents: 0, right: 4, wrong: 9 },
      ],
      new Date('2026-12-01T23:00:00Z'),
    );
    expect(text).toContain('npm run mutants -- --all --doc');
    expect(text).toContain(
      '| terraform-test-env | 95.2 % | 95.0 % | 20 / 21 | 21 | 2 | 4 | 12 | passes | 61 s |',
    );
    expect(text).toContain('| alert-rules | no mutants.yaml yet |');
    expect(text).toContain('  - `hcl.b main.tf 0`: drops the tags');
  });

  it('says why a run fails', () => {
    const text = validityDocument(
      [{ slug: 'k8s', run: run('k8s', 3), equivalents: 0, right: 4, wrong: 8 }],
      new Date('2026-12-01T23:00:00Z'),
    );
    expect(text).toContain(
      '- **k8s**: kill rate 86.9 % is below the floor of 95.0 %; kill rate 86.9 % is below the recorded 95.0 %',
    );
  });

  it('says plainly when nothing was graded and the rates are the recorded ones', () => {
    const text = validityDocument(
      [{ slug: 'iam', run: { recordedKillRate: 0.9655, mutants: 54 }, equivalents: 5, right: 6, wrong: 43 }],
      new Date('2026-12-01T23:00:00Z'),
      false,
    );
    expect(text).toContain('**nothing was graded**');
    expect(text).toContain('| iam | not graded | 96.5 % |  | 54 made | 5 | 6 | 43 |  |  |');
  });
});
