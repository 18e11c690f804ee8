import { createHash } from 'node:crypto';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createSandbox, type Sandbox } from '../../sandbox/index.ts';
import { type Challenge, loadCatalogue, type PackageFile, readTree } from '../../server/challenges/load.ts';
import { drawValues } from '../../server/challenges/parameters.ts';
import { gradedFromFiles } from '../../server/challenges/schema.ts';
import { challengeVariant, renderVariantFiles } from '../../server/challenges/variants.ts';
import { runGrader } from '../../server/grading/run-grader.ts';
import type { GradingOutcome } from '../../server/scoring/types.ts';
import { requireDocker } from '../support/docker.ts';

/**
 * Seed proofs (#17) for every files-mode challenge that declares parameters, through the real
 * sandbox as the platform grades: for 20 seeds, the reference rendered for the seed scores 100 %
 * under it, the starter rendered for it stays below 40 %, the reference of one seed graded under the
 * next seed that draws other values for every parameter scores below 60 %, and each parameter
 * matters on its own (a reference graded under a seed that differs in it alone loses points).
 * A grading depends only on its files and the grader's parameters.json, and the package tests prove
 * the grader deterministic, so inputs that are byte for byte the same are graded once and the result
 * is shared by every seed that has them.
 */
const SEEDS = Array.from({ length: 20 }, (_, i) => i + 1);
const catalogue = await loadCatalogue();
const parameterised = [...catalogue.challenges.values()].filter(
  (c) => c.manifest.parameters.length > 0 && gradedFromFiles(c.manifest.mode),
);
let sandbox: Sandbox;
const graded = new Map<string, Promise<Extract<GradingOutcome, { kind: 'judged' }>>>();

beforeAll(async () => {
  sandbox = createSandbox({ docker: await requireDocker() });
});

async function grade(challenge: Challenge, files: PackageFile[]) {
  const key = createHash('sha256')
    .update(JSON.stringify([challenge.manifest.slug, files, challenge.grader]))
    .digest('hex');
  let outcome = graded.get(key);
  if (!outcome) {
    outcome = runGrader({ sandbox, challenge, files }).then((o) => {
      if (o.kind !== 'judged') throw new Error(`expected a judgement, got ${o.kind}: ${o.error}`);
      return o;
    });
    graded.set(key, outcome);
  }
  return outcome;
}

/** Runs `task` over `items`, two at a time (the machine's cores are shared). */
async function twoAtATime<T, R>(items: readonly T[], task: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index] as T);
    }
  };
  await Promise.all([lane(), lane()]);
  return results;
}

const failures = (outcome: Extract<GradingOutcome, { kind: 'judged' }>) =>
  outcome.checks.filter((c) => !c.passed).map((c) => `${c.id}: ${c.message}`);

describe.each(parameterised.map((c) => [c.manifest.slug, c] as const))(
  '%s, seeded variants graded in the real sandbox',
  (slug, challenge) => {
    const { parameters } = challenge.manifest;
    const valuesOf = (seed: number) => JSON.stringify(drawValues(slug, parameters, seed));
    let reference: PackageFile[];

    beforeAll(async () => {
      reference = await readTree(path.join(challenge.dir, 'solution'));
    });

    it('draws more than one variant over the 20 seeds, each the same every time', () => {
      expect(new Set(SEEDS.map(valuesOf)).size).toBeGreaterThan(1);
      expect(SEEDS.map(valuesOf)).toEqual(SEEDS.map(valuesOf));
    });

    it('scores the reference rendered for each of 20 seeds 100 % under that seed', {
      timeout: 600_000,
    }, async () => {
      const outcomes = await twoAtATime(SEEDS, (seed) =>
        grade(challengeVariant(challenge, seed), renderVariantFiles(challenge, reference, seed)),
      );
      outcomes.forEach((outcome, i) => {
        expect(failures(outcome), `seed ${SEEDS[i]}: ${valuesOf(SEEDS[i] ?? 0)}`).toEqual([]);
        expect(outcome.score).toBe(100);
      });
    });

    it('scores the starter rendered for each of 20 seeds below 40 %', { timeout: 600_000 }, async () => {
      const outcomes = await twoAtATime(SEEDS, (seed) =>
        grade(challengeVariant(challenge, seed), challengeVariant(challenge, seed).starter),
      );
      outcomes.forEach((outcome, i) => {
        expect(outcome.score, `seed ${SEEDS[i]}: ${valuesOf(SEEDS[i] ?? 0)}`).toBeLessThan(40);
      });
    });

    /** Each seed paired with a later seed (in a cycle) whose values stand in `relation` to its own. */
    // Seeds that draw the same values share their partner (the search starts from the first of them),
    // so each pair of variants is graded once.
    const pairsWhere = (relation: (a: Record<string, string>, b: Record<string, string>) => boolean) =>
      SEEDS.flatMap((a) => {
        const own = drawValues(slug, parameters, a);
        const i = SEEDS.findIndex((s) => valuesOf(s) === valuesOf(a));
        const b = [...SEEDS.slice(i + 1), ...SEEDS.slice(0, i)].find((s) =>
          relation(own, drawValues(slug, parameters, s)),
        );
        return b === undefined ? [] : [[a, b] as const];
      });

    it("scores each seed's reference below 60 % under the next seed that draws other values for every parameter", {
      timeout: 600_000,
    }, async () => {
      const pairs = pairsWhere((a, b) => parameters.every((p) => a[p.name] !== b[p.name]));
      expect(pairs).toHaveLength(SEEDS.length);
      const outcomes = await twoAtATime(pairs, ([a, b]) =>
        grade(challengeVariant(challenge, b), renderVariantFiles(challenge, reference, a)),
      );
      outcomes.forEach((outcome, i) => {
        const [a, b] = pairs[i] ?? [0, 0];
        expect(outcome.score, `seed ${a} (${valuesOf(a)}) under seed ${b} (${valuesOf(b)})`).toBeLessThan(60);
      });
    });

    it.each(parameters.map((p) => [p.name] as const))(
      'costs a reference points under a seed that draws another %s and the same rest',
      { timeout: 600_000 },
      async (name) => {
        const pairs = pairsWhere((a, b) =>
          parameters.every((p) => (p.name === name) === (a[p.name] !== b[p.name])),
        );
        expect(pairs.length).toBeGreaterThan(0);
        const [a, b] = pairs[0] ?? [0, 0];
        const outcome = await grade(
          challengeVariant(challenge, b),
          renderVariantFiles(challenge, reference, a),
        );
        expect(outcome.score, `seed ${a} (${valuesOf(a)}) under seed ${b} (${valuesOf(b)})`).toBeLessThan(
          100,
        );
      },
    );
  },
);

describe('seeded variants', () => {
  it('are proved for the files challenges that declare parameters', () => {
    expect(parameterised.map((c) => c.manifest.slug)).toEqual(
      expect.arrayContaining(['alert-rules', 'iam-least-privilege', 'k8s-crashloop-rollback']),
    );
  });
});
