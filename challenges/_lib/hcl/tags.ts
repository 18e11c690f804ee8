import type { BlockView } from './blocks.ts';
import { bodyView } from './blocks.ts';
import { asRecord } from './config.ts';
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
  const provider = awsProviderOf(resource);
  const defaults = provider?.blocks('default_tags')[0]?.get('tags') ?? null;
  if (isObject(defaults) && isObject(own)) return { ...defaults, ...own };
  return isObject(own) ? own : defaults;
}

/**
 * The aws provider configuration a resource uses, as Terraform finds it: its `provider` alias (or the
 * default one) in its own module, else the configuration its module call passes in `providers`, else
 * the same name up the module tree. Undefined when no module configures it.
 */
export function awsProviderOf(resource: ResourceInstance): BlockView | undefined {
  let alias = providerAlias(resource.block.body.provider);
  for (let module: ModuleInstance | undefined = resource.module; module; module = module.parent) {
    const provider = module.config.providers.find((p) => p.name === 'aws' && p.alias === alias);
    if (provider) return bodyView(provider.body, module.scope);
    alias = passedAlias(module, alias);
  }
  return undefined;
}

/** The parent's alias a module call maps `aws` (or `aws.<alias>`) to in its `providers` argument. */
function passedAlias(module: ModuleInstance, alias: string | undefined): string | undefined {
  const name = /module\.([^.[]+)(\[[^\]]*\])?$/.exec(module.address)?.[1];
  const call = name ? module.parent?.config.moduleCalls.get(name) : undefined;
  const providers = call ? asRecord(call.body.providers) : {};
  const key = alias ? `aws.${alias}` : 'aws';
  for (const [from, to] of Object.entries(providers)) {
    const fromKey = /^\$\{(.*)\}$/.exec(from)?.[1] ?? from;
    if (fromKey === key) return providerAlias(to);
  }
  return alias;
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
