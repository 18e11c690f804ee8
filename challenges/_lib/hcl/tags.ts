import type { BlockView } from './blocks.ts';
import { bodyView } from './blocks.ts';
import { asRecord } from './config.ts';
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
  const defaults = awsProviderOf(resource)?.blocks('default_tags')[0]?.get('tags') ?? null;
  return merged(defaults, own);
}

/**
 * The labels Google would put on a resource instance: the `default_labels` of the google (or
 * google-beta) provider it uses, merged with its own `labels` (its own win), as the provider's
 * `terraform_labels` are computed. Only meaningful for resources with a top-level `labels` argument:
 * default_labels never reach others (a Cloud SQL instance's `settings.user_labels`).
 */
export function effectiveLabels(resource: ResourceInstance): Value {
  const own = bodyView(resource.block.body, resource.scope).get('labels');
  const defaults = providerOf(resource)?.get('default_labels') ?? null;
  return merged(defaults, own);
}

function merged(defaults: Value, own: Value): Value {
  if (isObject(defaults) && isObject(own)) return { ...defaults, ...own };
  return isObject(own) ? own : defaults;
}

/** The aws provider configuration a resource uses (see providerOf); undefined for other providers. */
export function awsProviderOf(resource: ResourceInstance): BlockView | undefined {
  return providerRef(resource).name === 'aws' ? providerOf(resource) : undefined;
}

/**
 * The provider configuration a resource uses, as Terraform finds it: its `provider` meta-argument
 * (`google-beta`, `aws.west`), else the provider its type's prefix names (`google_sql_database_instance`
 * uses `google`), in its own module, else the configuration its module call passes in `providers`,
 * else the same name up the module tree. Undefined when no module configures it.
 */
export function providerOf(resource: ResourceInstance): BlockView | undefined {
  let ref = providerRef(resource);
  for (let module: ModuleInstance | undefined = resource.module; module; module = module.parent) {
    const { name, alias } = ref;
    const provider = module.config.providers.find((p) => p.name === name && p.alias === alias);
    if (provider) return bodyView(provider.body, module.scope);
    ref = passedProvider(module, ref);
  }
  return undefined;
}

interface ProviderRef {
  readonly name: string;
  readonly alias: string | undefined;
}

function providerRef(resource: ResourceInstance): ProviderRef {
  const explicit = parseProvider(resource.block.body.provider);
  return explicit ?? { name: resource.type.split('_')[0] ?? resource.type, alias: undefined };
}

/** The parent's provider a module call maps `name` (or `name.alias`) to in its `providers` argument. */
function passedProvider(module: ModuleInstance, ref: ProviderRef): ProviderRef {
  const callName = /module\.([^.[]+)(\[[^\]]*\])?$/.exec(module.address)?.[1];
  const call = callName ? module.parent?.config.moduleCalls.get(callName) : undefined;
  const providers = call ? asRecord(call.body.providers) : {};
  for (const [from, to] of Object.entries(providers)) {
    const key = parseProvider(from);
    if (key?.name === ref.name && key.alias === ref.alias) return parseProvider(to) ?? ref;
  }
  return ref;
}

/**
 * `aws`, `aws.west`, `google-beta`, as HCL (`${google-beta}`, a traversal, not a subtraction) or
 * JSON syntax (a plain string) writes them.
 */
function parseProvider(raw: unknown): ProviderRef | undefined {
  if (typeof raw !== 'string') return undefined;
  const text = /^\$\{\s*(.*?)\s*\}$/.exec(raw)?.[1] ?? raw;
  const match = /^([a-zA-Z][\w-]*)(?:\.([a-zA-Z][\w-]*))?$/.exec(text.trim());
  return match?.[1] ? { name: match[1], alias: match[2] } : undefined;
}
