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

/** `NotARequest`: the simulator refuses the request itself (a resource of no type the action takes). */
export type Decision = 'Allowed' | 'ExplicitlyDenied' | 'ImplicitlyDenied' | 'NotARequest';

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

/**
 * The account that owns the resource: the ARN's account field, or, for S3 buckets and `*` (whose
 * ARNs carry none), the worker's own account, the one a thief would read first.
 */
function resourceAccount(probe: Probe): string {
  return probe.context['aws:ResourceAccount'] ?? (probe.resource.split(':')[4] || ACCOUNT);
}

async function simulate(policy: unknown, probe: Probe): Promise<Decision> {
  const isKms = probe.action.toLowerCase().startsWith('kms:');
  const account = resourceAccount(probe);
  const simulation: Simulation = {
    request: {
      principal: SESSION_ARN,
      action: probe.action,
      // Always the worker's account: in another account the resource policy is the attacker's own
      // (a queue that accepts anyone's messages), so only the identity policy can stop the request.
      resource: { resource: probe.resource, accountId: ACCOUNT },
      // IAM sets aws:ResourceAccount to the owner's account on every request (s3:ResourceAccount on
      // S3's); the simulator does not, so a guard rail on the account would otherwise never match.
      contextVariables: {
        'aws:ResourceAccount': account,
        ...(probe.action.toLowerCase().startsWith('s3:') ? { 's3:ResourceAccount': account } : {}),
        ...probe.context,
      },
    },
    identityPolicies: [{ name: 'policy.json', policy }],
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    ...(isKms ? { resourcePolicy: KEY_POLICY } : {}),
  };
  if (needsRawContext(probe)) return runUnsafeSimulation(simulation, {});
  const result = await runSimulation(simulation, {});
  if (result.resultType === 'error') {
    // The policy was validated first, so only the request can be wrong: a generated resource the
    // simulator does not take for one of the action's types. IAM would never see it; a test holds
    // the fixed requests and the search on every fixture free of these.
    return 'NotARequest';
  }
  return result.overallResult;
}
