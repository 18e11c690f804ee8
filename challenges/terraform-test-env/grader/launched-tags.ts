import type { ResourceInstance } from '../../_lib/hcl/module-instance.ts';
import { toBool } from '../../_lib/hcl/operators.ts';
import type { Value } from '../../_lib/hcl/values.ts';
import { isUnknown, unknown } from '../../_lib/hcl/values.ts';
import { launchTemplates } from './app-tier.ts';
import type { Topology } from './topology.ts';

const KEY = 'Environment';

/**
 * The Environment tag the instances an auto scaling group launches end up with: default_tags do not
 * reach them; the tags the group propagates at launch (which win) or its launch template's
 * tag_specifications for instances do. The group's own record is not judged: what runs is. An
 * undefined value means the tag is not set.
 */
export function launchedTags(
  topology: Topology,
  group: ResourceInstance,
): { readonly what: string; readonly value: Value | undefined }[] {
  const view = topology.view(group);
  let propagated: Value | undefined;
  for (const tag of view.blocks('tag')) {
    const key = tag.get('key');
    if (key !== KEY && !isUnknown(key)) continue;
    const value = isUnknown(key)
      ? unknown('unsupported', 'a tag key the grader cannot evaluate')
      : tag.get('value');
    const propagate = tag.get('propagate_at_launch');
    if (isUnknown(propagate)) propagated = propagate;
    else if (toBool(propagate) === true) propagated = value;
  }
  let fromTemplate: Value | undefined;
  for (const template of launchTemplates(topology, view).instances) {
    for (const spec of topology.view(template).blocks('tag_specifications')) {
      const type = spec.get('resource_type');
      if (type !== 'instance' && !isUnknown(type)) continue;
      const tags = spec.get('tags');
      if (isUnknown(tags)) fromTemplate = tags;
      else if (
        tags !== null &&
        typeof tags === 'object' &&
        !Array.isArray(tags) &&
        Object.hasOwn(tags, KEY)
      ) {
        fromTemplate = (tags as Readonly<Record<string, Value>>)[KEY] ?? null;
      }
    }
  }
  return [{ what: ': the instances it launches', value: propagated ?? fromTemplate }];
}
