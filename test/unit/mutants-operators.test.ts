import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { filesChallengeDirs } from '../../scripts/mutants/catalogue.ts';
import { generateMutants } from '../../scripts/mutants/generate.ts';
import { operatorsByFormat, operatorsFor } from '../../scripts/mutants/operators/index.ts';
import { loadMutationTarget } from '../../scripts/mutants/run.ts';

// The operators' contract (scripts/mutants/types.ts) checked on every reference, without Docker:
// what the sandbox guard (test/sandbox/mutants.test.ts) grades must be stable and well formed.
const declared = (await filesChallengeDirs())
  .filter((dir) => existsSync(path.join(dir, 'mutants.yaml')))
  .map((dir) => [path.basename(dir), dir] as const);

describe('mutation operators', () => {
  it('have unique names of the form <format>.<verb-object>', () => {
    const names = Object.values(operatorsByFormat).flatMap((list) => list.map((o) => o.name));
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^[a-z0-9]+\.[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it.runIf(declared.length > 0).each(declared)(
    '%s: make the same mutants every time, none broken, and every listed equivalent among them',
    async (_slug, dir) => {
      const target = await loadMutationTarget(dir);
      const operators = operatorsFor(target.manifest.operators);
      const first = generateMutants(target.reference, operators);
      const second = generateMutants(target.reference, operators);
      expect(first.operatorErrors).toEqual([]);
      expect(second.mutants).toEqual(first.mutants);
      expect(first.mutants.length).toBeGreaterThan(0);
      const ids = new Set(first.mutants.map((m) => m.id));
      const stale = target.manifest.equivalent.filter((e) => !ids.has(e.id)).map((e) => e.id);
      expect(stale, 'equivalent ids in mutants.yaml that no mutant has').toEqual([]);
    },
  );
});
