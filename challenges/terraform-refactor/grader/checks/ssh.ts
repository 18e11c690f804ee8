import type { Check } from '../../../_lib/hcl/check.ts';
import { outcome, worstOverScenarios } from '../../../_lib/hcl/check.ts';
import { isWorldOpen, parseCidr } from '../../../_lib/hcl/cidr.ts';
import type { IngressRule } from '../../../_lib/hcl/ingress.ts';
import { allProtocols, coversTcpPort, ingressRules } from '../../../_lib/hcl/ingress.ts';
import type { Inventory } from '../../../_lib/hcl/inventory.ts';
import type { Value } from '../../../_lib/hcl/values.ts';
import { describe, isUnknown, reasonOf } from '../../../_lib/hcl/values.ts';

const SSH_PORT = 22;

/**
 * R6. Collects every ingress rule (inline and dynamic `ingress` blocks, aws_security_group_rule of type
 * ingress, aws_vpc_security_group_ingress_rule) and fails when one that may reach port 22 (tcp or all
 * protocols, a port range covering 22) admits the internet (0.0.0.0/0, ::/0 or nearly as wide).
 * Unknowns are judged conservatively: an unknown port or protocol may cover 22; an unknown source
 * passes only when AWS computes it (e.g. a VPC's CIDR), never when it is an input without a value
 * or an expression the grader cannot evaluate.
 */
export const sshCheck: Check = {
  id: 'ssh-not-public',
  judge: (grading) => worstOverScenarios(grading, judgeInventory),
};

function judgeInventory(inventory: Inventory) {
  const findings = ingressRules(inventory).flatMap((rule) => {
    if (coversTcpPort(rule, SSH_PORT) === 'no') return [];
    return rule.sources.flatMap((source) => {
      const problem = exposure(source);
      return problem ? [`${rule.where}: ports ${portText(rule)} ${problem}`] : [];
    });
  });
  if (findings.length === 0) return outcome(1, 'SSH is not reachable from the internet.');
  return outcome(
    0,
    'SSH (port 22) can be reached from the internet, or its source cannot be verified.',
    findings,
  );
}

function exposure(source: Value): string | undefined {
  if (isUnknown(source)) {
    return reasonOf(source) === 'computed'
      ? undefined
      : `allow a source that cannot be verified (${source.detail})`;
  }
  if (typeof source !== 'string') return undefined;
  const cidr = parseCidr(source);
  return cidr && isWorldOpen(cidr) ? `are open to ${source}` : undefined;
}

function portText(rule: IngressRule): string {
  if (allProtocols(rule)) return 'all (every protocol)';
  const protocol = isUnknown(rule.protocol) ? '?' : String(rule.protocol);
  return `${describe(rule.from, 20)}-${describe(rule.to, 20)}/${protocol}`;
}
