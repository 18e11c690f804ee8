import type { Check } from '../../../_lib/hcl/check.ts';
import { outcome, share } from '../../../_lib/hcl/check.ts';
import type { ModuleConfig } from '../../../_lib/hcl/config.ts';
import { compare, localModuleDir } from '../../../_lib/hcl/config.ts';
import { countByType } from '../../../_lib/hcl/inventory.ts';
import { starterCounts } from '../starter.ts';

/**
 * R5. For each kind of resource the starter repeated, compares declarations with instances. A
 * declaration is a resource block reached through a chain of module call blocks, counted once however
 * many instances count/for_each make of it; three `module "web_1"`, `"web_2"`, `"web_3"` blocks are
 * three declarations. The kind is de-duplicated when each declaration yields two instances on average.
 */
export const copyPasteCheck: Check = {
  id: 'no-copy-paste',
  judge(grading) {
    const counts = countByType(grading.inventory());
    const repeated = [...starterCounts()].filter(([, n]) => n > 1).map(([type]) => type);
    const findings: string[] = [];
    let good = 0;
    for (const type of repeated) {
      const instances = counts.get(type) ?? 0;
      const declared = declarations(type, grading.root, grading.configs, new Set());
      if (instances !== null && instances >= 2 && declared * 2 <= instances) good++;
      else
        findings.push(
          `${type}: ${declared} declaration(s) for ${instances ?? 'an unknown number of'} instance(s)`,
        );
    }
    const score = share(good, repeated.length);
    const message =
      score === 1
        ? 'Repeated resources are declared once and multiplied with count, for_each or a module.'
        : 'Some repeated resources are still copy-pasted.';
    return outcome(score, message, findings);
  },
};

function declarations(
  type: string,
  config: ModuleConfig,
  configs: ReadonlyMap<string, ModuleConfig>,
  path: ReadonlySet<string>,
): number {
  if (path.has(config.dir) || path.size > 6) return 0;
  const inner = new Set([...path, config.dir]);
  let total = config.resources.filter((r) => r.type === type).length;
  for (const name of [...config.moduleCalls.keys()].sort(compare)) {
    const target = localModuleDir(config.dir, config.moduleCalls.get(name)?.body.source);
    const child = target === undefined ? undefined : configs.get(target);
    if (child) total += declarations(type, child, configs, inner);
  }
  return total;
}
