import { bodyView } from '../../../_lib/hcl/blocks.ts';
import { outcome, worstOverScenarios } from '../../../_lib/hcl/check.ts';
import type { IngressRule } from '../../../_lib/hcl/ingress.ts';
import { allProtocols, coversTcpPort, ingressRules, listOf } from '../../../_lib/hcl/ingress.ts';
import type { Inventory } from '../../../_lib/hcl/inventory.ts';
import type { Value } from '../../../_lib/hcl/values.ts';
import { describe, isUnknown } from '../../../_lib/hcl/values.ts';
import { unfollowedModules } from '../blind.ts';
import type { Check, RefactorGrading } from '../context.ts';
import { ignores } from '../ignored.ts';
import { liveObjects } from '../live-objects.ts';
import { whereResource } from '../where.ts';
import { isPrivateCidr } from './private-cidr.ts';

const SSH_PORT = 22;

/**
 * R6. Every ingress rule that may admit TCP port 22 (inline and dynamic `ingress` blocks,
 * aws_security_group_rule, aws_vpc_security_group_ingress_rule; tcp or every protocol; a range
 * covering 22; an unknown port or protocol) may admit only private ranges (RFC 1918, fc00::/7) or
 * other security groups, in every scenario. A source the grader cannot show to be private fails: a
 * data source, a variable with no value, an expression it cannot evaluate. Managed prefix lists are
 * followed to their entries.
 */
export const sshCheck: Check = {
  id: 'ssh-not-public',
  judge: (grading) => worstOverScenarios(grading, (inventory) => judgeInventory(grading, inventory)),
};

function judgeInventory(grading: RefactorGrading, inventory: Inventory) {
  const findings: string[] = ingressRules(inventory).flatMap((rule) => {
    if (coversTcpPort(rule, SSH_PORT) === 'no') return [];
    const where = `${whereResource(grading, rule.resource.block)}: ${rule.resource.address}`;
    const sources = [
      ...rule.sources,
      ...rule.prefixLists.flatMap((list) => prefixListEntries(list, inventory)),
    ];
    return sources.flatMap((source) => {
      const problem = exposure(source);
      return problem ? [`${where}: ports ${portText(rule)} ${problem}`] : [];
    });
  });
  findings.push(...unfollowedModules(inventory));
  const live = liveObjects(grading, inventory).locate('aws_security_group.web');
  if (live && ignores(live, 'ingress')) {
    findings.push(
      `${whereResource(grading, live.block)}: ${live.address} ignores changes to its ingress rules (lifecycle ignore_changes), so the live group keeps SSH open to 0.0.0.0/0`,
    );
  }
  if (findings.length === 0) return outcome(1, 'SSH is reachable from private ranges at most.');
  return outcome(
    0,
    'SSH (port 22) is open to a range that is not private, or to one that cannot be shown to be private; the brief wants it closed or limited to private CIDRs.',
    findings,
  );
}

function exposure(source: Value): string | undefined {
  if (isUnknown(source)) return `admit a source that cannot be shown to be safe (${source.detail})`;
  if (typeof source !== 'string') return `admit ${describe(source, 40)}, which is not a CIDR`;
  return isPrivateCidr(source) ? undefined : `are open to ${source}, which is not a private range`;
}

/**
 * The CIDRs of a managed prefix list the configuration declares (its `entry` blocks and the
 * aws_ec2_managed_prefix_list_entry resources added to it). Any other list (an AWS-managed one, a
 * data source) is returned as itself: an unknown the caller cannot show to be private.
 */
function prefixListEntries(list: Value, inventory: Inventory): Value[] {
  const origin = isUnknown(list) ? list.origin : [];
  const declared = inventory.resources.filter(
    (r) => r.type === 'aws_ec2_managed_prefix_list' && origin.length === 1 && origin[0] === r.address,
  );
  const [prefixList] = declared;
  if (!prefixList) return [list];
  const own = bodyView(prefixList.block.body, prefixList.scope)
    .blocks('entry')
    .map((entry) => entry.get('cidr'));
  const added = inventory.resources
    .filter((r) => r.type === 'aws_ec2_managed_prefix_list_entry')
    .map((r) => bodyView(r.block.body, r.scope))
    .filter((view) => listOf(view.get('prefix_list_id')).some((id) => refersTo(id, prefixList.address)))
    .map((view) => view.get('cidr'));
  return [...own, ...added];
}

function refersTo(value: Value, address: string): boolean {
  return isUnknown(value) && value.origin.includes(address);
}

function portText(rule: IngressRule): string {
  if (allProtocols(rule)) return 'all (every protocol)';
  const protocol = isUnknown(rule.protocol) ? '?' : String(rule.protocol);
  return `${describe(rule.from, 20)}-${describe(rule.to, 20)}/${protocol}`;
}
