import { outcome, share } from '../../../_lib/hcl/check.ts';
import { compare } from '../../../_lib/hcl/config.ts';
import type { Check } from '../context.ts';
import { whereBlock } from '../where.ts';

/**
 * R9. Share of input variables with a type and a description: in the root, every module it uses, and
 * every other folder under modules/ (a module kept for later is still reviewed).
 */
export const variablesCheck: Check = {
  id: 'variables-documented',
  judge(grading) {
    const used = grading.inventory().modules.map((m) => m.config.dir);
    const kept = [...grading.configs.keys()].filter((dir) => dir.startsWith('modules/'));
    const dirs = [...new Set([...used, ...kept])].sort(compare);
    const findings: string[] = [];
    let total = 0;
    let documented = 0;
    for (const dir of dirs) {
      for (const [name, { file, body }] of grading.configs.get(dir)?.variables ?? []) {
        total++;
        const missing = [
          Object.hasOwn(body, 'type') ? '' : 'type',
          typeof body.description === 'string' && body.description.trim() ? '' : 'description',
        ].filter(Boolean);
        if (missing.length === 0) documented++;
        else
          findings.push(
            `${whereBlock(grading, file, 'variable', [name])}: variable "${name}" has no ${missing.join(' and no ')}`,
          );
      }
    }
    if (total === 0) return outcome(0, 'The configuration declares no input variables.');
    const score = share(documented, total);
    const message =
      score === 1
        ? `All ${total} variables have a type and a description.`
        : `${documented} of ${total} variables have a type and a description.`;
    return outcome(score, message, findings);
  },
};
