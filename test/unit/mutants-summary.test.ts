import { describe, expect, it } from 'vitest';
import { verdictOf } from '../../scripts/mutants/grade-mutants.ts';
import type { MutantsManifest } from '../../scripts/mutants/manifest.ts';
import { recordableRate, withRecordedRate } from '../../scripts/mutants/record.ts';
import { type MutantResult, type MutantVerdict, summarize } from '../../scripts/mutants/summary.ts';

const killed: MutantVerdict = { kind: 'killed', score: 60, failed: ['db-private'] };
const survived: MutantVerdict = { kind: 'survived', score: 100, passed: ['db-private', 'tags'] };
const result = (id: string, verdict: MutantVerdict): MutantResult => ({
  id,
  operator: id.split(' ')[0] ?? id,
  description: `changes ${id}`,
  verdict,
});
const manifest = (extra: Partial<MutantsManifest> = {}): MutantsManifest => ({
  operators: ['hcl'],
  equivalent: [],
  ...extra,
});
/** 19 killed and one survivor of hcl.a, plus whatever else the test adds. */
const nineteenOfTwenty = [
  ...Array.from({ length: 19 }, (_, i) => result(`hcl.a main.tf ${i}`, killed)),
  result('hcl.b main.tf x', survived),
];

describe('the kill rate', () => {
  it('is killed over non-equivalent, and passes at the 95 % floor', () => {
    const s = summarize(nineteenOfTwenty, manifest());
    expect([s.killed, s.nonEquivalent, s.rate]).toEqual([19, 20, 0.95]);
    expect(s.survivors.map((r) => r.id)).toEqual(['hcl.b main.tf x']);
    expect(s.failures).toEqual([]);
  });

  it('fails below the floor, saying the rate and the floor', () => {
    const s = summarize([...nineteenOfTwenty, result('hcl.b main.tf y', survived)], manifest());
    expect(s.failures).toEqual(['kill rate 90.4 % is below the floor of 95.0 %']);
  });

  it('leaves equivalent mutants out of the rate and tallies them per operator', () => {
    const s = summarize(
      [...nineteenOfTwenty, result('hcl.b main.tf y', survived)],
      manifest({ equivalent: [{ id: 'hcl.b main.tf y', reason: 'same plan' }] }),
    );
    expect([s.killed, s.nonEquivalent]).toEqual([19, 20]);
    expect(s.operators).toEqual([
      { operator: 'hcl.a', mutants: 19, killed: 19, survived: 0, equivalent: 0, graderErrors: 0 },
      { operator: 'hcl.b', mutants: 2, killed: 0, survived: 1, equivalent: 1, graderErrors: 0 },
    ]);
    expect(s.failures).toEqual([]);
  });

  it('fails below the recorded rate even above the floor', () => {
    const s = summarize(nineteenOfTwenty, manifest({ recordedKillRate: 0.9612 }));
    expect(s.failures).toEqual(['kill rate 95.0 % is below the recorded 96.1 %']);
    expect(summarize(nineteenOfTwenty, manifest({ recordedKillRate: 0.95 })).failures).toEqual([]);
  });

  it('counts a grader error as a survivor and fails loudly on it as a grader bug', () => {
    const s = summarize(
      [...nineteenOfTwenty.slice(0, 19), result('hcl.c main.tf', { kind: 'grader_error', error: 'crashed' })],
      manifest(),
    );
    expect([s.killed, s.nonEquivalent]).toEqual([19, 20]);
    expect(s.graderErrors.map((r) => r.id)).toEqual(['hcl.c main.tf']);
    expect(s.failures).toEqual([
      'grader error on hcl.c main.tf (a grader bug, or a machine too busy for its time limit): crashed',
    ]);
  });

  it('fails on an equivalent entry no mutant has any more, and on one the grader kills', () => {
    const s = summarize(
      nineteenOfTwenty,
      manifest({
        equivalent: [
          { id: 'hcl.gone main.tf', reason: 'was equivalent' },
          { id: 'hcl.a main.tf 3', reason: 'thought equivalent' },
        ],
      }),
    );
    expect(s.stale).toEqual([{ id: 'hcl.gone main.tf', reason: 'was equivalent' }]);
    expect(s.failures).toEqual([
      'mutants.yaml lists hcl.gone main.tf as equivalent, but no mutant has that id',
      'mutants.yaml lists hcl.a main.tf 3 as equivalent, but the grader kills it: remove the entry',
    ]);
  });

  it('judges stale entries and ignores the recorded rate within the operators --only ran', () => {
    const s = summarize(
      nineteenOfTwenty.slice(0, 19),
      manifest({ equivalent: [{ id: 'hcl.b main.tf x', reason: 'r' }], recordedKillRate: 1 }),
      { only: 'hcl.a' },
    );
    expect(s.stale).toEqual([]);
    expect(s.recordedKillRate).toBeNull();
    expect(s.failures).toEqual([]);
  });

  it('has no rate when there is nothing to kill, and fails', () => {
    const s = summarize([], manifest());
    expect(s.rate).toBeNull();
    expect(s.failures).toEqual(['no mutant to kill: the declared operators made none of the solution']);
  });
});

describe('a mutant', () => {
  const check = (id: string, passed: boolean, score: number) => ({
    id,
    title: id,
    dimension: 'iac' as const,
    weight: 1,
    visible: true,
    covers: [],
    passed,
    score,
    message: '',
    evidence: [],
  });

  it('is killed when it loses any points, naming the checks that lost them', () => {
    const outcome = {
      kind: 'judged' as const,
      checks: [check('a', true, 1), check('b', true, 0.5)],
      diagnostics: [],
      score: 75,
      wallMs: 1,
    };
    expect(verdictOf(outcome)).toEqual({ kind: 'killed', score: 75, failed: ['b'] });
  });

  it('survives at 100, with every check it passed', () => {
    const outcome = {
      kind: 'judged' as const,
      checks: [check('a', true, 1)],
      diagnostics: [],
      score: 100,
      wallMs: 1,
    };
    expect(verdictOf(outcome)).toEqual({ kind: 'survived', score: 100, passed: ['a'] });
  });

  it('is neither when the grader errs', () => {
    expect(verdictOf({ kind: 'grader_error', error: 'no verdict', wallMs: 5 })).toEqual({
      kind: 'grader_error',
      error: 'no verdict',
    });
  });
});

describe('recording the rate', () => {
  it('rounds down to four decimals, never claiming more than was measured', () => {
    expect(recordableRate(0.95)).toBe(0.95);
    expect(recordableRate(2 / 3)).toBe(0.6666);
    expect(recordableRate(1)).toBe(1);
  });

  it('sets recordedKillRate and keeps the comments, order and equivalents as written', () => {
    const text = [
      '# why these formats',
      'operators: [hcl] # the solution is Terraform',
      'equivalent:',
      '  # kept deliberately',
      '  - id: hcl.a main.tf',
      '    reason: same plan',
      '',
    ].join('\n');
    expect(withRecordedRate(text, 0.96, 'm.yaml')).toBe(`${text}recordedKillRate: 0.96\n`);
    const again = withRecordedRate(`${text}recordedKillRate: 0.9\n`, 0.97, 'm.yaml');
    expect(again).toBe(`${text}recordedKillRate: 0.97\n`);
  });
});
