import { describe, expect, it } from 'vitest';
import { gradeMutants, mapBounded } from '../../scripts/mutants/grade-mutants.ts';
import type { Mutant } from '../../scripts/mutants/types.ts';
import type { GradingOutcome } from '../../server/scoring/types.ts';

const mutant = (n: number): Mutant => ({
  id: `t.op f ${n}`,
  operator: 't.op',
  description: `mutant ${n}`,
  files: [{ path: 'f', content: String(n) }],
});
const judged = (score: number): GradingOutcome => ({
  kind: 'judged',
  checks: [],
  diagnostics: [],
  score,
  wallMs: 1,
});

describe('grading mutants', () => {
  it('runs at most `concurrency` gradings at once and keeps the input order', async () => {
    let running = 0;
    let most = 0;
    const out = await mapBounded([5, 1, 4, 2, 3], 2, async (n) => {
      running++;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, n * 3));
      running--;
      return n * 10;
    });
    expect(out).toEqual([50, 10, 40, 20, 30]);
    expect(most).toBe(2);
  });

  it('grades an error once more before it counts, and turns a throw into an outcome', async () => {
    const calls = new Map<string, number>();
    const results = await gradeMutants(
      [mutant(1), mutant(2), mutant(3)],
      async (files) => {
        const n = files[0]?.content ?? '';
        calls.set(n, (calls.get(n) ?? 0) + 1);
        if (n === '1')
          return calls.get(n) === 1 ? { kind: 'grader_error', error: 'timeout', wallMs: 1 } : judged(50);
        if (n === '2') throw new Error('engine gone');
        return judged(100);
      },
      { concurrency: 2 },
    );
    expect(results.map((r) => r.verdict.kind)).toEqual(['killed', 'infrastructure_error', 'survived']);
    expect([...calls.entries()].sort()).toEqual([
      ['1', 2],
      ['2', 2],
      ['3', 1],
    ]);
  });
});
