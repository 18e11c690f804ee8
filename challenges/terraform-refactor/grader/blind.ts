import type { Inventory } from '../../_lib/hcl/inventory.ts';

/**
 * Module calls the grader cannot follow (a registry or git source, a folder with no .tf files): what
 * they build is unknown, so a security check cannot show it safe. The brief asks for local modules.
 */
export function unfollowedModules(inventory: Inventory): string[] {
  return inventory.blind
    .filter((line) => line.startsWith('module.'))
    .map((line) => `${line}: what it builds cannot be shown to be safe (the brief asks for local modules)`);
}
