import type { BlockView } from '../../_lib/hcl/blocks.ts';
import { bodyView } from '../../_lib/hcl/blocks.ts';
import type { Inventory } from '../../_lib/hcl/inventory.ts';
import type { ResourceInstance } from '../../_lib/hcl/module-instance.ts';
import type { Value } from '../../_lib/hcl/values.ts';
import { describe, isList, isUnknown } from '../../_lib/hcl/values.ts';

/** What a value points at: resource instances of this configuration, and what could not be followed. */
export interface Resolved {
  readonly instances: readonly ResourceInstance[];
  /** Human-readable descriptions of the parts that are not resources of this configuration. */
  readonly unresolved: readonly string[];
}

/** The inventory, indexed so that references between resources can be followed. */
export interface Topology {
  readonly inventory: Inventory;
  ofType(...types: string[]): ResourceInstance[];
  view(instance: ResourceInstance): BlockView;
  /**
   * Follows a value (an id, an ARN, a name, or a list of them) to the instances of `types` it refers
   * to: an unknown by the addresses it derives from, a known string by the instance's name.
   */
  resolve(value: Value, types: readonly string[]): Resolved;
  /** Whether `value` refers to `instance`. */
  refersTo(value: Value, instance: ResourceInstance): boolean;
}

/**
 * The argument that names a resource where a reference may carry the name rather than the id
 * (`db_subnet_group_name = aws_db_subnet_group.db.name` evaluates to the literal name).
 */
const NAME_ARGUMENT: Readonly<Record<string, string>> = {
  aws_security_group: 'name',
  aws_db_subnet_group: 'name',
  aws_launch_template: 'name',
  aws_launch_configuration: 'name',
  aws_autoscaling_group: 'name',
  aws_lb_target_group: 'name',
  aws_rds_cluster: 'cluster_identifier',
  aws_db_instance: 'identifier',
};

const MAX_FLATTEN = 8;
const MAX_ITEMS = 256;

export function createTopology(inventory: Inventory): Topology {
  const byAddress = new Map(inventory.resources.map((r) => [r.address, r]));
  const views = new Map<ResourceInstance, BlockView>();
  const view = (instance: ResourceInstance): BlockView => {
    let found = views.get(instance);
    if (!found) {
      found = bodyView(instance.block.body, instance.scope);
      views.set(instance, found);
    }
    return found;
  };
  const ofType = (...types: string[]) => inventory.resources.filter((r) => types.includes(r.type));
  const resolve = (value: Value, types: readonly string[]): Resolved => {
    const instances = new Set<ResourceInstance>();
    const unresolved: string[] = [];
    for (const item of flatten(value)) {
      const found = isUnknown(item)
        ? item.origin.flatMap((address) => {
            const instance = byAddress.get(address);
            return instance && types.includes(instance.type) ? [instance] : [];
          })
        : typeof item === 'string'
          ? ofType(...types).filter((candidate) => named(candidate, item))
          : [];
      for (const instance of found) instances.add(instance);
      if (found.length === 0) unresolved.push(unresolvedText(item));
    }
    return { instances: [...instances], unresolved };
  };
  const named = (instance: ResourceInstance, name: string): boolean => {
    const argument = NAME_ARGUMENT[instance.type];
    return argument !== undefined && view(instance).get(argument) === name;
  };
  return {
    inventory,
    ofType,
    view,
    resolve,
    refersTo: (value, instance) => resolve(value, [instance.type]).instances.includes(instance),
  };
}

/** The items of a value that may be a list of lists (`concat`, splats), nulls dropped. */
function flatten(value: Value): Value[] {
  const out: Value[] = [];
  const visit = (v: Value, depth: number): void => {
    if (out.length >= MAX_ITEMS || v === null) return;
    if (isList(v) && depth < MAX_FLATTEN) for (const item of v) visit(item, depth + 1);
    else out.push(v);
  };
  visit(value, 0);
  return out;
}

function unresolvedText(item: Value): string {
  if (isUnknown(item)) return `a reference the grader cannot follow to a resource here (${item.detail})`;
  return `${describe(item, 60)} is not a resource this configuration creates`;
}

/** Resolved instances of several values together. */
export function merge(...parts: readonly Resolved[]): Resolved {
  return {
    instances: [...new Set(parts.flatMap((p) => p.instances))],
    unresolved: parts.flatMap((p) => p.unresolved),
  };
}

export const NOTHING: Resolved = { instances: [], unresolved: [] };

/** `address (file line N)`, how findings name a resource. */
export function label(instance: ResourceInstance): string {
  const { file, line } = instance.block;
  return `${instance.address} (${file}${line ? ` line ${line}` : ''})`;
}

const topologies = new WeakMap<Inventory, Topology>();

/** One topology per inventory, shared by the checks that judge it. */
export function topologyOf(inventory: Inventory): Topology {
  let topology = topologies.get(inventory);
  if (!topology) {
    topology = createTopology(inventory);
    topologies.set(inventory, topology);
  }
  return topology;
}
