import v8 from 'node:v8';
import type { ValidatedPolicy } from '@cloud-copilot/iam-policy';
import { createValidatedPolicy, validateResourcePolicy } from '@cloud-copilot/iam-policy';
import type { Simulation } from '@cloud-copilot/iam-simulate';
import { runSimulation, runUnsafeSimulation } from '@cloud-copilot/iam-simulate';
import type { Probe } from './probe.ts';
import { ACCOUNT, DEFAULT_KEY_POLICY, SESSION_ARN } from './scenario.ts';

// iam-simulate turns every IAM wildcard into a backtracking RegExp (`*` becomes `.*?`), so a pattern
// like `*a*a*a*a*a*a*Z` takes seconds per request and a policy full of them outlives the sandbox's
// time limit. This V8 flag falls back to its linear-time engine when a match backtracks too much; it
// changes no result, only how long a pathological one takes.
v8.setFlagsFromString('--enable-experimental-regexp-engine-on-excessive-backtracks');

export type Decision = 'Allowed' | 'ExplicitlyDenied' | 'ImplicitlyDenied';

/** Answers probes against one candidate policy; each probe is simulated once per grading. */
export interface Evaluator {
  decide(probe: Probe): Promise<Decision>;
}

const KEY_POLICY: ValidatedPolicy<{ name: string }> = createValidatedPolicy(
  DEFAULT_KEY_POLICY,
  validateResourcePolicy,
  { name: 'default-key-policy' },
);

/**
 * runSimulation drops context keys it cannot match to the action's documented keys, and it only
 * understands templated keys written with a slash (aws:PrincipalTag/x). KMS's
 * kms:EncryptionContext:<name> uses a colon, so it would vanish and a policy that rightly conditions
 * on the S3 object's ARN would be judged as denying the worker. Probes that carry such a key go
 * through runUnsafeSimulation, which evaluates the same engine on the context exactly as given.
 */
function needsRawContext(probe: Probe): boolean {
  return Object.keys(probe.context).some((key) => key.toLowerCase().startsWith('kms:encryptioncontext:'));
}

/** `policy` must already be one AWS accepts (see acceptance.ts); the library re-validates it. */
export function createEvaluator(policy: unknown): Evaluator {
  const decided = new Map<Probe, Promise<Decision>>();
  return {
    decide(probe) {
      let decision = decided.get(probe);
      if (!decision) {
        decision = simulate(policy, probe);
        decided.set(probe, decision);
      }
      return decision;
    },
  };
}

async function simulate(policy: unknown, probe: Probe): Promise<Decision> {
  const isKms = probe.action.toLowerCase().startsWith('kms:');
  const simulation: Simulation = {
    request: {
      principal: SESSION_ARN,
      action: probe.action,
      resource: { resource: probe.resource, accountId: ACCOUNT },
      contextVariables: { ...probe.context },
    },
    identityPolicies: [{ name: 'policy.json', policy }],
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    ...(isKms ? { resourcePolicy: KEY_POLICY } : {}),
  };
  if (needsRawContext(probe)) return runUnsafeSimulation(simulation, {});
  const result = await runSimulation(simulation, {});
  if (result.resultType === 'error') {
    // The policy was validated first and the probes are fixed, so this is a grader bug.
    throw new Error(`cannot simulate ${probe.label}: ${JSON.stringify(result.errors)}`);
  }
  return result.overallResult;
}
