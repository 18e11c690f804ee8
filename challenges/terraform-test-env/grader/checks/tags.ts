import type { Check } from '../../../_lib/hcl/check.ts';
import { outcome, share } from '../../../_lib/hcl/check.ts';
import type { ResourceInstance } from '../../../_lib/hcl/module-instance.ts';
import { awsProviderOf, effectiveTags } from '../../../_lib/hcl/tags.ts';
import type { Value } from '../../../_lib/hcl/values.ts';
import { describe, isList, isObject, isUnknown } from '../../../_lib/hcl/values.ts';
import { launchedTags } from '../launched-tags.ts';
import { ENVIRONMENT } from '../production.ts';
import { TAGGABLE } from '../taggable.ts';
import { label, topologyOf } from '../topology.ts';

const KEY = 'Environment';

/**
 * R8. Share of taggable resource instances (modules included) that end up with Environment = "test":
 * default_tags merged with their own `tags`; for an auto scaling group, the instances it launches:
 * the tags it propagates at launch or its launch template's tag_specifications. A
 * value known only at apply does not count, and neither does a key the provider's ignore_tags drops.
 */
export const tagsCheck: Check = {
  id: 'resources-tagged',
  judge(grading) {
    const inventory = grading.inventory();
    const topology = topologyOf(inventory);
    const taggable = inventory.resources.filter((r) => TAGGABLE.has(r.type));
    if (taggable.length === 0) return outcome(0, 'No taggable resources are declared.');
    const findings: string[] = [];
    let tagged = 0;
    for (const resource of taggable) {
      const problems = [
        ...ignored(resource),
        ...(resource.type === 'aws_autoscaling_group'
          ? launchedTags(topology, resource).flatMap(({ what, value }) => problem(what, value))
          : problem('', tagValue(effectiveTags(resource)))),
      ];
      if (problems.length === 0) tagged++;
      else findings.push(...problems.map((p) => `${label(resource)}${p}`));
    }
    const score = share(tagged, taggable.length);
    const message =
      score === 1
        ? `Every taggable resource is tagged ${KEY} = "${ENVIRONMENT}".`
        : `${tagged} of ${taggable.length} taggable resources end up tagged ${KEY} = "${ENVIRONMENT}"; the brief wants every one.`;
    return outcome(score, message, findings);
  },
};

/** The Environment value of a tag map; undefined when the map does not set it. */
export function tagValue(tags: Value): Value | undefined {
  if (isUnknown(tags)) return tags;
  return isObject(tags) && Object.hasOwn(tags, KEY) ? (tags[KEY] ?? null) : undefined;
}

function problem(what: string, value: Value | undefined): string[] {
  if (value === ENVIRONMENT) return [];
  const has = what ? ' have' : ' has';
  if (value === undefined) return [`${what}${has} no ${KEY} tag`];
  if (isUnknown(value))
    return [`${what}: its ${KEY} tag cannot be shown to be "${ENVIRONMENT}" (${value.detail})`];
  return [`${what}${has} ${KEY} = ${describe(value, 40)}`];
}

/** The provider's ignore_tags keeps Terraform from setting a key at all. */
function ignored(resource: ResourceInstance): string[] {
  const settings = awsProviderOf(resource)?.blocks('ignore_tags')[0];
  if (!settings) return [];
  const keys = settings.get('keys');
  const prefixes = settings.get('key_prefixes');
  const listed = (value: Value, match: (item: string) => boolean) =>
    isUnknown(value) ||
    (isList(value) && value.some((item) => isUnknown(item) || (typeof item === 'string' && match(item))));
  if (listed(keys, (k) => k === KEY) || listed(prefixes, (p) => KEY.startsWith(p))) {
    return [`: the aws provider's ignore_tags drops the ${KEY} tag, so Terraform never sets it`];
  }
  return [];
}
