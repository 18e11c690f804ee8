import type { BlockView } from '../../../_lib/hcl/blocks.ts';
import { bodyView } from '../../../_lib/hcl/blocks.ts';
import { outcome, share, worstOverScenarios } from '../../../_lib/hcl/check.ts';
import type { Inventory } from '../../../_lib/hcl/inventory.ts';
import type { ResourceInstance } from '../../../_lib/hcl/module-instance.ts';
import { toBool } from '../../../_lib/hcl/operators.ts';
import type { Value } from '../../../_lib/hcl/values.ts';
import { describe, isUnknown } from '../../../_lib/hcl/values.ts';
import { unfollowedModules } from '../blind.ts';
import type { Check, RefactorGrading } from '../context.ts';
import { whereResource } from '../where.ts';

const ALGORITHMS = new Set(['AES256', 'aws:kms', 'aws:kms:dsse']);
const PUBLIC_ACCESS_FLAGS = [
  'block_public_acls',
  'block_public_policy',
  'ignore_public_acls',
  'restrict_public_buckets',
];

/**
 * R7. Each bucket has an aws_s3_bucket_server_side_encryption_configuration whose `bucket` is that
 * bucket: a reference to it (traced through modules and locals) or its literal name.
 */
export const s3EncryptionCheck: Check = {
  id: 's3-encrypted',
  judge: (grading) =>
    worstOverScenarios(grading, (inventory) =>
      perBucket(grading, inventory, 'is encrypted at rest', (bucket) => {
        const configs = attached(inventory, 'aws_s3_bucket_server_side_encryption_configuration', bucket);
        if (configs.length > 1)
          return { score: 0, why: fighting(configs.length, 'encryption configurations') };
        const algorithms = configs.flatMap((config) =>
          config
            .blocks('rule')
            .flatMap((rule) =>
              rule.blocks('apply_server_side_encryption_by_default').map((d) => d.get('sse_algorithm')),
            ),
        );
        if (algorithms.some(isAlgorithm)) return { score: 1 };
        const unknown = algorithms.find(isUnknown);
        if (unknown)
          return {
            score: 0,
            why: `has an encryption configuration whose sse_algorithm cannot be shown to be safe (${unknown.detail})`,
          };
        return {
          score: 0,
          why:
            algorithms.length > 0
              ? `has an encryption configuration without a valid sse_algorithm (${algorithms.map((a) => describe(a, 30)).join(', ')})`
              : 'has no aws_s3_bucket_server_side_encryption_configuration attached',
        };
      }),
    ),
};

/**
 * R8. Each bucket has an aws_s3_bucket_public_access_block attached with all four settings true (or the
 * account-wide block has them). Partial credit per setting; an unknown setting does not count as true.
 */
export const s3PublicAccessCheck: Check = {
  id: 's3-public-access-blocked',
  judge: (grading) =>
    worstOverScenarios(grading, (inventory) => {
      const accountWide = inventory.resources
        .filter((r) => r.type === 'aws_s3_account_public_access_block')
        .some((r) => flagsOn(bodyView(r.block.body, r.scope)) === PUBLIC_ACCESS_FLAGS.length);
      return perBucket(grading, inventory, 'blocks public access', (bucket) => {
        if (accountWide) return { score: 1 };
        const blocks = attached(inventory, 'aws_s3_bucket_public_access_block', bucket);
        if (blocks.length > 1) return { score: 0, why: fighting(blocks.length, 'public access blocks') };
        const best = Math.max(0, ...blocks.map(flagsOn));
        if (best === PUBLIC_ACCESS_FLAGS.length) return { score: 1 };
        const off = blocks.flatMap((view) =>
          PUBLIC_ACCESS_FLAGS.filter((flag) => toBool(view.get(flag)) !== true).map((flag) => {
            const value = view.get(flag);
            return isUnknown(value)
              ? `${flag} cannot be shown to be on (${value.detail})`
              : `${flag} is ${describe(value, 20)}`;
          }),
        );
        const why =
          blocks.length === 0
            ? 'has no aws_s3_bucket_public_access_block attached'
            : `blocks public access with ${best} of the 4 settings (${[...new Set(off)].join('; ')})`;
        return { score: share(best, PUBLIC_ACCESS_FLAGS.length), why };
      });
    }),
};

function perBucket(
  grading: RefactorGrading,
  inventory: Inventory,
  goal: string,
  judgeBucket: (bucket: ResourceInstance) => { score: number; why?: string },
) {
  const buckets = inventory.resources.filter((r) => r.type === 'aws_s3_bucket');
  if (buckets.length === 0) return outcome(0, 'No aws_s3_bucket is declared.');
  const findings: string[] = [];
  let total = 0;
  for (const bucket of buckets) {
    const { score, why } = judgeBucket(bucket);
    total += score;
    if (why) findings.push(`${whereResource(grading, bucket.block)}: ${bucket.address} ${why}`);
  }
  const blind = unfollowedModules(inventory);
  findings.push(...blind);
  const score = blind.length > 0 ? 0 : share(total, buckets.length);
  const message =
    score === 1 ? `Every bucket ${goal}.` : `Not every bucket ${goal}, as the brief asks of every bucket.`;
  return outcome(score, message, findings);
}

/** Instances of `type` whose `bucket` argument is this bucket. */
function attached(inventory: Inventory, type: string, bucket: ResourceInstance): BlockView[] {
  const name = bodyView(bucket.block.body, bucket.scope).get('bucket');
  return inventory.resources
    .filter((r) => r.type === type)
    .map((r) => bodyView(r.block.body, r.scope))
    .filter((view) => refersTo(view.get('bucket'), bucket.address, name));
}

function refersTo(value: Value, address: string, name: Value): boolean {
  if (isUnknown(value)) return value.origin.includes(address);
  return typeof value === 'string' && typeof name === 'string' && value === name;
}

/** Two resources managing one bucket setting overwrite each other on every apply. */
function fighting(count: number, what: string): string {
  return `has ${count} ${what} attached; they overwrite each other on every apply, so the result cannot be shown`;
}

function flagsOn(view: BlockView): number {
  return PUBLIC_ACCESS_FLAGS.filter((flag) => toBool(view.get(flag)) === true).length;
}

function isAlgorithm(value: Value): boolean {
  return typeof value === 'string' && ALGORITHMS.has(value);
}
