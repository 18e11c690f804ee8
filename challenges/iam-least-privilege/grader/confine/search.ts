import { globMatches } from '../glob.ts';
import type { Probe } from '../probe.ts';
import { ACCOUNT, baseContext, REGION } from '../scenario.ts';
import type { Evaluator } from '../simulate.ts';
import type { Statement } from '../statements.ts';
import { coversAction } from '../statements.ts';
import type { CatalogueAction } from './catalogue.ts';
import { allowableActions, catalogueAction } from './catalogue.ts';
import { dimensionsFor, regionOf, variations } from './contexts.ts';
import type { ConfinementId } from './oracle.ts';
import { confinementOf, permitted } from './oracle.ts';
import { resourcesFor } from './resources.ts';
import { formatWitness } from './wildcards.ts';

/** What the exhaustive search found: the forbidden requests the policy allows, by check. */
export interface SearchResult {
  readonly violations: ReadonlyMap<ConfinementId, readonly Probe[]>;
  /** Checks whose part of the space was not searched to the end (the request budget ran out). */
  readonly unfinished: ReadonlySet<ConfinementId>;
  readonly actions: number;
  readonly simulated: number;
  /** Generated requests the simulator refused as malformed (none, on every fixture a test grades). */
  readonly refused: number;
}

/** Examples kept per check, each a different action; past this the check's verdict cannot change. */
const EXAMPLES_PER_CHECK = 5;
/**
 * Simulations per grading. A policy whose allowable space is larger than this cannot be shown to be
 * confined in the sandbox's time, and is judged as not confined (unknown is not safe).
 */
export const MAX_SIMULATIONS = 20_000;

const shortName = (resource: string) =>
  resource.startsWith('arn:aws:s3:::') ? resource.slice('arn:aws:s3:::'.length) : resource;

/** The actions a reviewer names first when a policy is too broad; only the order of the search changes. */
const WELL_KNOWN = [
  's3:PutObject',
  's3:DeleteObject',
  's3:GetObject',
  's3:ListBucket',
  's3:GetObjectAcl',
  's3:PutObjectAcl',
  's3:PutBucketPolicy',
  's3:ListAllMyBuckets',
  'sqs:ReceiveMessage',
  'sqs:DeleteMessage',
  'sqs:SendMessage',
  'sqs:PurgeQueue',
  'kms:Decrypt',
  'kms:Encrypt',
  'kms:GenerateDataKey',
  'kms:CreateGrant',
  'iam:PassRole',
  'sts:AssumeRole',
  'secretsmanager:GetSecretValue',
];

/** Whether the statement's Resource (or NotResource) can match some resource `action` takes. */
function couldName(statement: Statement, action: CatalogueAction): boolean {
  if (statement.notResource) return true;
  const patterns = statement.resource ?? [];
  if (action.arnFormats.length === 0) return patterns.some((pattern) => globMatches(pattern, '*'));
  return patterns.some((pattern) =>
    action.arnFormats.some((format) => formatWitness(pattern, format) !== undefined),
  );
}

/** Context KMS always sets from the caller, whoever it is: the calling account, the default algorithm. */
function serviceFacts(action: CatalogueAction): Record<string, string> {
  if (action.service !== 'kms') return {};
  const keys = new Set(action.conditionKeys.map((key) => key.toLowerCase()));
  return {
    ...(keys.has('kms:calleraccount') ? { 'kms:CallerAccount': ACCOUNT } : {}),
    ...(keys.has('kms:encryptionalgorithm') ? { 'kms:EncryptionAlgorithm': 'SYMMETRIC_DEFAULT' } : {}),
  };
}

/**
 * Asks the simulator about every request the policy could allow: each catalogue action some Allow
 * statement covers, on the worker's resources, their neighbours and every instance of the policy's
 * own resource patterns, in every context the covering statements' conditions can tell apart. Only
 * requests the brief forbids are simulated.
 */
export async function searchViolations(
  statements: readonly Statement[],
  evaluator: Evaluator,
  budget = MAX_SIMULATIONS,
): Promise<SearchResult> {
  const violations = new Map<ConfinementId, Probe[]>();
  const unfinished = new Set<ConfinementId>();
  // Actions a reader knows come first, so the examples in a message are the telling ones.
  const known = new Set(WELL_KNOWN.map((a) => a.toLowerCase()));
  const allowable = await allowableActions(statements);
  const actions = [
    ...allowable.filter((a) => known.has(a.toLowerCase())),
    ...allowable.filter((a) => !known.has(a.toLowerCase())),
  ];
  let simulated = 0;
  let refused = 0;
  const full = (check: ConfinementId) => (violations.get(check)?.length ?? 0) >= EXAMPLES_PER_CHECK;
  for (const name of actions) {
    // Every action outside S3, SQS and KMS belongs to one check; once it has its examples, skip them.
    if (!/^(s3|sqs|kms):/i.test(name) && full('no-other-services')) continue;
    const action = await catalogueAction(name);
    const covering = statements.filter((s) => coversAction(s, name));
    // No Allow statement's resources can name a resource of this action: nothing to simulate.
    if (!covering.some((s) => s.effect === 'Allow' && couldName(s, action))) continue;
    // One example per action and check: the next one would say nothing new.
    const found = new Set<ConfinementId>();
    for (const resource of resourcesFor(action, covering)) {
      const base = { ...baseContext(regionOf(resource, action.service) ?? REGION), ...serviceFacts(action) };
      for (const variation of variations(dimensionsFor(action, resource, covering), `${name} ${resource}`)) {
        const context: Record<string, string> = { ...base };
        for (const [key, value] of Object.entries(variation.set)) {
          if (value === undefined) delete context[key];
          else context[key] = value;
        }
        const notes = variation.notes.length > 0 ? ` ${variation.notes.join(', ')}` : '';
        const request: Probe = {
          label: `${name} on ${shortName(resource)}${notes}`,
          action: name,
          resource,
          context,
        };
        if (permitted(request)) continue;
        const check = confinementOf(request, action);
        if (full(check) || found.has(check)) continue;
        const examples = violations.get(check) ?? [];
        if (simulated >= budget) {
          unfinished.add(check);
          continue;
        }
        simulated++;
        const decision = await evaluator.decide(request);
        if (decision === 'NotARequest') refused++;
        if (decision === 'Allowed') {
          violations.set(check, [...examples, request]);
          found.add(check);
        }
      }
    }
  }
  return { violations, unfinished, actions: actions.length, simulated, refused };
}
