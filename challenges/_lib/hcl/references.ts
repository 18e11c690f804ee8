import type { Expansion } from './expansion.ts';
import { prefix } from './expansion.ts';
import type { Step } from './expression-ast.ts';
import type { ModuleInstance, ResourceInstance } from './module-instance.ts';
import type { Value } from './values.ts';
import { reasonOf, unknown } from './values.ts';

/**
 * Resolves a reference root inside one module instance: `var.x`, `local.x`, `module.m.out`,
 * `data.t.n`, `path.module`, and resources of any provider (`aws_s3_bucket.assets`,
 * `google_compute_network.main`). Resource and module instances
 * resolve to unknowns that still answer for their configured arguments and outputs, so a value can be
 * followed from `aws_s3_bucket.assets.bucket` back to the literal name it was given.
 */
export function resolveReference(
  module: ModuleInstance,
  root: string,
  steps: readonly Step[],
): { value: Value; consumed: number } {
  const [first, second] = steps;
  const name = first?.kind === 'attr' ? first.name : undefined;
  const missing = { value: unknown('invalid', `${root} needs an attribute name`), consumed: 0 };
  switch (root) {
    case 'var':
      return name ? { value: module.variable(name), consumed: 1 } : missing;
    case 'local':
      return name ? { value: module.local(name), consumed: 1 } : missing;
    case 'module':
      return name ? { value: moduleValue(module, name), consumed: 1 } : missing;
    case 'data': {
      if (!name || second?.kind !== 'attr') return missing;
      const address = `${prefix(module.address)}data.${name}.${second.name}`;
      const model = module.world.dataSources?.(name, address);
      const attribute = model
        ? (attr: string): Value =>
            Object.hasOwn(model, attr)
              ? (model[attr] ?? null)
              : unknown('computed', `${address}.${attr} is read from the provider at plan time`, [address])
        : undefined;
      return {
        value: unknown('computed', `${address} is read from the provider at plan time`, [address], attribute),
        consumed: 2,
      };
    }
    case 'path':
      return { value: name === 'module' ? module.config.dir || '.' : '.', consumed: name ? 1 : 0 };
    case 'terraform':
      return {
        value: name === 'workspace' ? 'default' : unknown('unsupported', `terraform.${name}`),
        consumed: 1,
      };
    case 'count':
    case 'each':
    case 'self':
      return { value: unknown('invalid', `${root} is not available here`), consumed: 0 };
    default: {
      const block = name ? module.config.resourceIndex.get(`${root}.${name}`) : undefined;
      if (!block)
        return { value: unknown('invalid', `there is no ${root}${name ? `.${name}` : ''}`), consumed: 0 };
      const { expansion, instances } = module.resource(block);
      const value = collection(expansion, instances, (instance) => instanceValue(module, instance));
      return { value, consumed: 1 };
    }
  }
}

function moduleValue(module: ModuleInstance, name: string): Value {
  const call = module.moduleCall(name);
  if (!call) return unknown('invalid', `there is no module.${name}`);
  if (call.problem) return unknown('unsupported', call.problem);
  return collection(call.expansion, call.instances, (child) =>
    unknown('computed', `outputs of ${child.address}`, [child.address], (output) => child.output(output)),
  );
}

function instanceValue(module: ModuleInstance, instance: ResourceInstance): Value {
  return unknown(
    'computed',
    `${instance.address} is created at apply time`,
    [instance.address],
    (attribute) => module.attribute(instance, attribute),
  );
}

/** A single object, a list (count) or a map (for_each) of instances, as Terraform exposes them. */
function collection<T extends { readonly address: string }>(
  expansion: Expansion,
  instances: readonly T[],
  toValue: (instance: T) => Value,
): Value {
  if (expansion.problem) {
    const origin = instances.map((i) => i.address);
    return unknown(reasonOf(expansion.problem), expansion.problem.detail, origin);
  }
  if (expansion.mode === 'single') return instances[0] ? toValue(instances[0]) : null;
  if (expansion.mode === 'count') return instances.map(toValue);
  return Object.fromEntries(
    expansion.slots.map((slot, i) => [String(slot.key), instances[i] ? toValue(instances[i]) : null]),
  );
}
