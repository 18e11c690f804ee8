import { bodyView } from './blocks.ts';
import { parseValueString } from './expression-parse.ts';
import type { ModuleInstance, ResourceInstance } from './module-instance.ts';
import type { Value } from './values.ts';
import { isObject } from './values.ts';

/**
 * The tags AWS would put on a resource instance: the default_tags of the aws provider it uses,
 * merged with its own `tags` (its own win). Not meaningful for resources that ignore default_tags
 * (aws_autoscaling_group uses `tag` blocks).
 */
export function effectiveTags(resource: ResourceInstance): Value {
  const own = bodyView(resource.block.body, resource.scope).get('tags');
  const defaults = defaultTags(resource);
  if (isObject(defaults) && isObject(own)) return { ...defaults, ...own };
  return isObject(own) ? own : defaults;
}

/** default_tags of the aws provider the resource uses: its `provider` alias, found up the module tree. */
function defaultTags(resource: ResourceInstance): Value {
  const alias = providerAlias(resource.block.body.provider);
  for (let module: ModuleInstance | undefined = resource.module; module; module = module.parent) {
    const provider = module.config.providers.find((p) => p.name === 'aws' && p.alias === alias);
    if (provider) return bodyView(provider.body, module.scope).blocks('default_tags')[0]?.get('tags') ?? null;
  }
  return null;
}

function providerAlias(raw: unknown): string | undefined {
  if (typeof raw !== 'string') return undefined;
  // JSON syntax writes the provider as a plain string, `"aws.west"`.
  const plain = /^[\w-]+\.([\w-]+)$/.exec(raw);
  if (plain) return plain[1];
  const reference = parseValueString(raw);
  const [step] = reference.kind === 'reference' ? reference.steps : [];
  return step?.kind === 'attr' ? step.name : undefined;
}
