import { compare } from './config.ts';
import type { ModuleCallExpansion, ModuleInstance, ResourceInstance } from './module-instance.ts';

/** Every module and resource instance the configuration declares, expanded through count and for_each. */
export interface Inventory {
  readonly root: ModuleInstance;
  readonly modules: readonly ModuleInstance[];
  readonly resources: readonly ResourceInstance[];
  /** Things that stop the grader from seeing part of the configuration, for messages. */
  readonly blind: readonly string[];
}

const MAX_RESOURCE_INSTANCES = 5000;

export function takeInventory(root: ModuleInstance): Inventory {
  const modules: ModuleInstance[] = [];
  const resources: ResourceInstance[] = [];
  const blind: string[] = [];
  const visit = (module: ModuleInstance): void => {
    modules.push(module);
    for (const block of module.config.resources) {
      const { expansion, instances } = module.resource(block);
      if (expansion.problem && expansion.slots[0]?.weight === null) {
        blind.push(`${instances[0]?.address ?? block.type}: ${expansion.problem.detail}`);
      }
      if (resources.length + instances.length > MAX_RESOURCE_INSTANCES) {
        blind.push('the configuration has too many resource instances to inspect them all');
        return;
      }
      resources.push(...instances);
    }
    for (const name of [...module.config.moduleCalls.keys()].sort(compare)) {
      const call = module.moduleCall(name) as ModuleCallExpansion;
      if (call.problem)
        blind.push(`module.${name} in ${module.address || 'the root module'}: ${call.problem}`);
      call.instances.forEach(visit);
    }
  };
  visit(root);
  return { root, modules, resources, blind };
}

/** Instances per resource type; null where some count or for_each could not be evaluated. */
export function countByType(inventory: Inventory): Map<string, number | null> {
  const counts = new Map<string, number | null>();
  for (const resource of inventory.resources) {
    const before = counts.get(resource.type);
    const weight = resource.weight;
    counts.set(resource.type, before === null || weight === null ? null : (before ?? 0) + weight);
  }
  return counts;
}
