import { outcome, share } from '../../../_lib/hcl/check.ts';
import { compare, localModuleDir } from '../../../_lib/hcl/config.ts';
import type { Check, RefactorGrading } from '../context.ts';
import { WEB_SERVER_TYPES } from '../starter.ts';
import { whereBlock, whereResource } from '../where.ts';

/** Arguments of a module block that are not input variables. */
const MODULE_META = new Set(['source', 'version', 'count', 'for_each', 'providers', 'depends_on']);

/**
 * R4. Every web server instance is created inside a local module under modules/ that also declares the
 * server's data volume and its attachment: one reusable unit per server. Every call of a local module
 * must also be one `terraform validate` accepts: each input without a default set, no input the module
 * does not declare. A call that fails validation gives no credit.
 */
export const webModuleCheck: Check = {
  id: 'web-server-module',
  judge(grading) {
    const servers = grading.inventory().resources.filter((r) => r.type === 'aws_instance');
    if (servers.length === 0) return outcome(0, 'No aws_instance is declared.');
    const findings: string[] = [];
    let good = 0;
    for (const server of servers) {
      const { config, address } = server.module;
      const declared = new Set(config.resources.map((r) => r.type));
      const where = `${whereResource(grading, server.block)}: ${server.address}`;
      if (!address) findings.push(`${where} is declared in the root module, not in a module under modules/`);
      else if (!config.dir.startsWith('modules/'))
        findings.push(`${where} comes from ${config.dir}, not a folder under modules/`);
      else if (!WEB_SERVER_TYPES.every((t) => declared.has(t))) {
        findings.push(`${config.dir} does not declare all of ${WEB_SERVER_TYPES.join(', ')}`);
      } else good++;
    }
    const invalid = invalidCalls(grading);
    const score = invalid.length > 0 ? 0 : share(good, servers.length);
    const message =
      score === 1
        ? 'Each web server comes from a reusable local module.'
        : invalid.length > 0
          ? 'A module call would fail terraform validate.'
          : `${good} of ${servers.length} web servers come from a local web server module.`;
    return outcome(score, message, [...invalid, ...new Set(findings)]);
  },
};

/** Calls of local modules that miss a required input or pass one the module does not declare. */
function invalidCalls(grading: RefactorGrading): string[] {
  const findings: string[] = [];
  const dirs = [...new Set(grading.inventory().modules.map((m) => m.config.dir))].sort(compare);
  for (const dir of dirs) {
    const config = grading.configs.get(dir);
    for (const [name, call] of config?.moduleCalls ?? []) {
      const child = grading.configs.get(localModuleDir(dir, call.body.source) ?? '\0');
      if (!child) continue;
      const where = `${whereBlock(grading, call.file, 'module', [name])}: module "${name}"`;
      for (const [variable, { body }] of child.variables) {
        if (!Object.hasOwn(body, 'default') && !Object.hasOwn(call.body, variable))
          findings.push(`${where} does not set ${variable}, an input of ${child.dir} with no default`);
      }
      for (const argument of Object.keys(call.body)) {
        if (!MODULE_META.has(argument) && !child.variables.has(argument))
          findings.push(`${where} sets ${argument}, which ${child.dir} does not declare`);
      }
    }
  }
  return findings;
}
