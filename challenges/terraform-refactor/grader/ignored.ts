import { asList, asRecord } from '../../_lib/hcl/config.ts';
import { parseValueString } from '../../_lib/hcl/expression-parse.ts';
import type { ResourceInstance } from '../../_lib/hcl/module-instance.ts';

/**
 * The arguments `lifecycle { ignore_changes }` tells Terraform never to update on an existing object
 * (their top-level names), or 'all'. On a live object such an argument keeps today's value whatever
 * the configuration says: SSH stays open, tags never arrive.
 */
export function ignoredChanges(resource: ResourceInstance): ReadonlySet<string> | 'all' {
  const names = new Set<string>();
  for (const lifecycle of asList(resource.block.body.lifecycle)) {
    const raw = asRecord(lifecycle).ignore_changes;
    for (const item of Array.isArray(raw) ? raw : [raw]) {
      if (typeof item !== 'string') continue;
      const expression = parseValueString(item);
      const items = expression.kind === 'tuple' ? expression.items : [expression];
      for (const entry of items) {
        if (entry.kind === 'reference' && entry.root === 'all' && entry.steps.length === 0) return 'all';
        if (entry.kind === 'reference') names.add(entry.root);
        if (entry.kind === 'literal' && typeof entry.value === 'string') names.add(entry.value);
      }
    }
  }
  return names;
}

/** Whether Terraform would leave `argument` of this object as it is today. */
export function ignores(resource: ResourceInstance, argument: string): boolean {
  const ignored = ignoredChanges(resource);
  return ignored === 'all' || ignored.has(argument);
}
