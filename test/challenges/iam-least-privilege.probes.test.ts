import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Simulation } from '@cloud-copilot/iam-simulate';
import { runSimulation } from '@cloud-copilot/iam-simulate';
import { describe, expect, it } from 'vitest';
import type { ConfinementCheck } from '../../challenges/iam-least-privilege/grader/checks/confinement.ts';
import { ALL_NEEDED } from '../../challenges/iam-least-privilege/grader/checks/required-access.ts';
import { CHECKS } from '../../challenges/iam-least-privilege/grader/grade-workspace.ts';
import type { Probe } from '../../challenges/iam-least-privilege/grader/probe.ts';
import {
  ACCOUNT,
  BUCKET,
  DEFAULT_KEY_POLICY,
  KEY_ARN,
  QUEUE_ARN,
  REGION,
  SESSION_ARN,
} from '../../challenges/iam-least-privilege/grader/scenario.ts';
import { createEvaluator } from '../../challenges/iam-least-privilege/grader/simulate.ts';

/**
 * The request table is the grader's answer key, so it is held to the library's own validation: every
 * action exists, every resource has the action's resource type, every context key is one IAM would
 * send with that request. And where simulate.ts leaves the validated path (for the encryption
 * context), both paths must agree on everything else.
 */
const repoRoot = path.resolve(import.meta.dirname, '../..');
const challengeDir = path.join(repoRoot, 'challenges/iam-least-privilege');
const fixturesDir = path.join(repoRoot, 'test/fixtures/iam-least-privilege');

const confinements = CHECKS.filter((c): c is ConfinementCheck => 'forbidden' in c);
const FORBIDDEN = confinements.flatMap((c) => c.forbidden);
const ALL = [...ALL_NEEDED, ...FORBIDDEN];
const isEncryptionContext = (key: string) => key.toLowerCase().startsWith('kms:encryptioncontext:');

function validatedSimulation(policy: unknown, probe: Probe, dropEncryptionContext: boolean): Simulation {
  const context = Object.fromEntries(
    Object.entries(probe.context).filter(([key]) => !(dropEncryptionContext && isEncryptionContext(key))),
  );
  return {
    request: {
      principal: SESSION_ARN,
      action: probe.action,
      resource: { resource: probe.resource, accountId: ACCOUNT },
      contextVariables: context,
    },
    identityPolicies: [{ name: 'policy.json', policy }],
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    ...(probe.action.startsWith('kms:') ? { resourcePolicy: DEFAULT_KEY_POLICY } : {}),
  };
}

async function policiesUnderTest(): Promise<{ name: string; policy: unknown }[]> {
  const found = [
    { name: 'solution', dir: path.join(challengeDir, 'solution') },
    { name: 'starter', dir: path.join(challengeDir, 'starter') },
  ];
  for (const kind of ['wrong', 'right']) {
    for (const name of await readdir(path.join(fixturesDir, kind))) {
      found.push({ name: `${kind}/${name}`, dir: path.join(fixturesDir, kind, name) });
    }
  }
  return Promise.all(
    found.map(async ({ name, dir }) => ({
      name,
      policy: JSON.parse(await readFile(path.join(dir, 'policy.json'), 'utf8')) as unknown,
    })),
  );
}

describe('the iam-least-privilege request table', () => {
  it('names every request once', () => {
    const labels = ALL.map((p) => p.label);
    expect(new Set(labels).size).toBe(labels.length);
  });

  it('gives every check at least four requests to deny', () => {
    for (const check of confinements) expect(check.forbidden.length, check.id).toBeGreaterThanOrEqual(4);
  });

  it.each(ALL.map((p) => [p.label, p] as const))('is a request IAM would see: %s', async (_label, probe) => {
    const allowAll = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
    const result = await runSimulation(validatedSimulation(allowAll, probe, false), {});
    if (result.resultType === 'error') throw new Error(JSON.stringify(result.errors));
    expect(result.resultType).toBe('single');
    expect(result.overallResult).toBe('Allowed');
    if (result.resultType === 'single') {
      // Only the encryption context is dropped, which is why simulate.ts routes those probes around it.
      expect(result.result.ignoredContextKeys?.filter((key) => !isEncryptionContext(key))).toEqual([]);
    }
  });

  it('gets the same answers from both simulation paths for every policy that ignores the encryption context', async () => {
    for (const { name, policy } of await policiesUnderTest()) {
      if (JSON.stringify(policy).toLowerCase().includes('kms:encryptioncontext:')) continue;
      const evaluator = createEvaluator(policy);
      for (const probe of ALL.filter((p) => Object.keys(p.context).some(isEncryptionContext))) {
        const validated = await runSimulation(validatedSimulation(policy, probe, true), {});
        if (validated.resultType === 'error') throw new Error(`${name}: ${JSON.stringify(validated.errors)}`);
        expect(await evaluator.decide(probe), `${name}: ${probe.label}`).toBe(validated.overallResult);
      }
    }
  });

  it('uses the account, region, bucket, queue and key the brief gives the candidate', async () => {
    const brief = await readFile(path.join(challengeDir, 'BRIEF.md'), 'utf8');
    for (const fact of [ACCOUNT, REGION, `s3://${BUCKET}/incoming/`, QUEUE_ARN, KEY_ARN]) {
      expect(brief).toContain(fact);
    }
  });
});
