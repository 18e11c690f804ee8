import { readFile } from 'node:fs/promises';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyAll,
  challengeDir,
  checkoutDeployment,
  checkoutWorkloads,
  parseManifestFile,
  pdbDrainCheck,
  rolloutCheck,
} from '../fixtures/k8s-crashloop-rollback/harness.ts';

const reference = await readFile(path.join(challengeDir, 'solution/manifests/checkout-api.yaml'), 'utf8');
const referencePdb = await readFile(path.join(challengeDir, 'solution/manifests/pdb.yaml'), 'utf8');

/** A replica-count setting as a manifest writes it: a whole number or a percentage string. */
const intOrPercent = fc.oneof(
  fc.integer({ min: 0, max: 4 }),
  fc.integer({ min: 0, max: 100 }).map((n) => `${n}%`),
);

interface Scenario {
  readonly maxUnavailable: number | string;
  readonly maxSurge: number | string;
  readonly minReplicas: number;
  readonly maxReplicas: number;
  readonly budget: { field: 'minAvailable' | 'maxUnavailable'; value: number | string };
}

const scenarios = fc.record({
  maxUnavailable: intOrPercent,
  maxSurge: intOrPercent,
  minReplicas: fc.integer({ min: 1, max: 6 }),
  maxReplicas: fc.integer({ min: 1, max: 20 }),
  budget: fc.record({ field: fc.constantFrom('minAvailable', 'maxUnavailable'), value: intOrPercent }),
}) as fc.Arbitrary<Scenario>;

/** The pods a setting stands for at n replicas, rounded as the controller rounds it. */
function pods(value: number | string, n: number, round: (x: number) => number): number {
  return typeof value === 'number' ? value : round((Number.parseInt(value, 10) * n) / 100);
}

/**
 * The oracle, from the brief rather than from the grader: the rollout is safe when, at EVERY replica
 * count the HPA may choose, the controller takes no serving pod away first and can add one, and
 * checkout never has fewer than three pods.
 */
function rolloutIsSafe(s: Scenario): boolean {
  const max = Math.max(s.minReplicas, s.maxReplicas);
  for (let n = s.minReplicas; n <= max; n += 1) {
    if (pods(s.maxUnavailable, n, Math.floor) !== 0) return false;
    if (pods(s.maxSurge, n, Math.ceil) < 1) return false;
  }
  return s.minReplicas >= 3;
}

/** The oracle for a drain at the HPA's minimum: evict pods one at a time while the budget allows. */
function drainProceeds(s: Scenario): boolean {
  const n = s.minReplicas;
  const desired =
    s.budget.field === 'minAvailable'
      ? pods(s.budget.value, n, Math.ceil)
      : n - pods(s.budget.value, n, Math.ceil);
  let healthy = n;
  let evicted = 0;
  while (healthy - 1 >= desired && healthy > 0) {
    healthy -= 1;
    evicted += 1;
  }
  return evicted === 1 && healthy >= 1;
}

function describeScenario(s: Scenario): string {
  return `maxUnavailable ${JSON.stringify(s.maxUnavailable)}, maxSurge ${JSON.stringify(s.maxSurge)}, HPA ${s.minReplicas} to ${s.maxReplicas}, PDB ${s.budget.field} ${JSON.stringify(s.budget.value)}`;
}

async function judge(s: Scenario) {
  const manifests = reference
    .replace('      maxUnavailable: 0\n', `      maxUnavailable: ${JSON.stringify(s.maxUnavailable)}\n`)
    .replace('      maxSurge: 1\n', `      maxSurge: ${JSON.stringify(s.maxSurge)}\n`)
    .replace('  replicas: 3\n', '')
    .replace('  minReplicas: 3\n', `  minReplicas: ${s.minReplicas}\n`)
    .replace('  maxReplicas: 12\n', `  maxReplicas: ${s.maxReplicas}\n`);
  const pdb = referencePdb.replace(
    '  maxUnavailable: 1\n',
    `  ${s.budget.field}: ${JSON.stringify(s.budget.value)}\n`,
  );
  const parsed = [await parseManifestFile('a.yaml', manifests), await parseManifestFile('b.yaml', pdb)];
  const cluster = applyAll(parsed.flatMap((p) => p.objects));
  const grading = {
    workspace: { objects: cluster.objects, rejected: [], fatal: [], files: [] },
    cluster,
    deployment: checkoutDeployment(cluster),
    workloads: checkoutWorkloads(cluster),
  };
  return { rollout: rolloutCheck.judge(grading), drain: pdbDrainCheck.judge(grading) };
}

describe('k8s-crashloop-rollback judges rollouts and drains like an oracle, over seeded scenarios', () => {
  it('agrees with the oracle on every rollout setting and replica range (seed 2291)', async () => {
    await fc.assert(
      fc.asyncProperty(scenarios, async (s) => {
        const { rollout } = await judge(s);
        expect(rollout.passed, describeScenario(s)).toBe(rolloutIsSafe(s));
      }),
      { seed: 2291, numRuns: 200 },
    );
  });

  it('agrees with the oracle on every disruption budget at the HPA minimum (seed 1482)', async () => {
    await fc.assert(
      fc.asyncProperty(scenarios, async (s) => {
        const { drain } = await judge(s);
        expect(drain.passed, describeScenario(s)).toBe(drainProceeds(s));
      }),
      { seed: 1482, numRuns: 200 },
    );
  });
});
