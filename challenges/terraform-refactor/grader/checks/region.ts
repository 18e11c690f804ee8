import { bodyView } from '../../../_lib/hcl/blocks.ts';
import { outcome, share } from '../../../_lib/hcl/check.ts';
import type { Scenario } from '../../../_lib/hcl/grading.ts';
import type { Inventory } from '../../../_lib/hcl/inventory.ts';
import { effectiveTags } from '../../../_lib/hcl/tags.ts';
import type { Value } from '../../../_lib/hcl/values.ts';
import { describe, isObject, isUnknown, reasonOf } from '../../../_lib/hcl/values.ts';
import type { Check, RefactorGrading } from '../context.ts';
import { whereBlock, whereResource } from '../where.ts';
import { TAGGABLE } from './tags.ts';

/** Appended to every string a root variable holds, to see which values follow the variables. */
const MARK = '-staging';

/**
 * R2. A staging copy must come from a .tfvars file alone. The grader writes one: every root variable's
 * value (tfvars or default) with each of its strings changed, and plans with it. The default aws
 * provider's region, every Environment tag and every bucket name must then change with it (or be an
 * input without a value): a value that stays put is hard-coded, however many locals it goes through.
 */
export const regionCheck: Check = {
  id: 'region-from-variable',
  judge(grading) {
    const aws = grading.root.providers.filter((p) => p.name === 'aws');
    if (aws.length === 0) return outcome(0, 'The root module configures no aws provider.');
    const staging = grading.inventory(stagingScenario(grading));
    const unaliased = aws.filter((p) => p.alias === undefined);
    // An alias pinned to one region (us-east-1 for CloudFront certificates) is a fact, not a setting.
    const providers = unaliased.length > 0 ? unaliased : aws;
    const region = providers.flatMap((provider) => {
      const where = `${whereBlock(grading, provider.file, 'provider', ['aws'])}: provider "aws"`;
      const value = bodyView(provider.body, staging.root.scope).get('region');
      if (value === null) return [`${where} does not set region`];
      return follows(value)
        ? []
        : [`${where} takes its region from a fixed value (${describe(value, 40)}), not an input variable`];
    });
    const environment = fixedTags(grading, staging);
    const buckets = staging.resources
      .filter((r) => r.type === 'aws_s3_bucket')
      .flatMap((bucket) => {
        const name = bodyView(bucket.block.body, bucket.scope).get('bucket');
        return name === null || follows(name)
          ? []
          : [
              `${whereResource(grading, bucket.block)}: ${bucket.address} has a fixed name (${describe(name, 60)}); a staging copy could not rename it`,
            ];
      });
    const groups = [region, environment, buckets];
    const score = share(groups.filter((g) => g.length === 0).length, groups.length);
    return outcome(
      score,
      score === 1
        ? 'The region, the Environment tag and the bucket name are input variables.'
        : 'Some per-environment values are hard-coded: a staging .tfvars could not change them.',
      groups.flat(),
    );
  },
};

function fixedTags(grading: RefactorGrading, staging: Inventory): string[] {
  return staging.resources
    .filter((r) => TAGGABLE.has(r.type))
    .flatMap((resource) => {
      const tags = effectiveTags(resource);
      const value = isObject(tags) ? tags.Environment : undefined;
      if (value === undefined || value === null || follows(value)) return [];
      return [
        `${whereResource(grading, resource.block)}: ${resource.address} has a fixed Environment tag (${describe(value, 40)})`,
      ];
    })
    .slice(0, 10);
}

/** Whether a value planned with the staging values follows them. */
function follows(value: Value): boolean {
  if (isUnknown(value)) return reasonOf(value) === 'input';
  return typeof value === 'string' && value.includes(MARK);
}

/** The base values with every string changed: a staging .tfvars that sets every root variable. */
function stagingScenario(grading: RefactorGrading): Scenario {
  const [base] = grading.scenarios;
  const values = new Map<string, unknown>();
  for (const [name, { body }] of grading.root.variables) {
    const raw = base?.values.has(name) ? base.values.get(name) : body.default;
    if (raw !== undefined) values.set(name, mark(raw));
  }
  return { name: 'a staging .tfvars', values };
}

function mark(raw: unknown): unknown {
  if (typeof raw === 'string') return raw.includes('${') ? raw : `${raw}${MARK}`;
  if (Array.isArray(raw)) return raw.map(mark);
  if (typeof raw === 'object' && raw !== null) {
    return Object.fromEntries(Object.entries(raw).map(([key, item]) => [key, mark(item)]));
  }
  return raw;
}
