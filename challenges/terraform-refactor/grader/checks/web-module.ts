import { outcome, share } from '../../../_lib/hcl/check.ts';
import type { Check } from '../context.ts';
import { WEB_SERVER_TYPES } from '../starter.ts';
import { whereResource } from '../where.ts';

/**
 * R4. Every web server instance is created inside a local module under modules/ that also declares the
 * server's data volume and its attachment: one reusable unit per server.
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
    const score = share(good, servers.length);
    const message =
      score === 1
        ? 'Each web server comes from a reusable local module.'
        : `${good} of ${servers.length} web servers come from a local web server module.`;
    return outcome(score, message, [...new Set(findings)]);
  },
};
