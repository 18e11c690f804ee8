import type { Check } from '../../../_lib/hcl/check.ts';
import { outcome, worstOverScenarios } from '../../../_lib/hcl/check.ts';
import type { Inventory } from '../../../_lib/hcl/inventory.ts';
import type { ResourceInstance } from '../../../_lib/hcl/module-instance.ts';
import type { FirewallRule } from '../firewall.ts';
import {
  ADMIN_PORTS,
  coveredByWorld,
  covers,
  describeRanges,
  firewallRules,
  isPublicRange,
  WORLD,
} from '../firewall.ts';
import { label, ofType, shown } from '../model.ts';
import { networkNamed } from '../networks.ts';
import { policyAllows } from '../policies.ts';

/**
 * R9. Half: every VPC created here has enabled ingress denies of tcp 22 and 3389 from 0.0.0.0/0 for
 * every instance (one rule, or one per port). Half: no enabled (or maybe enabled) ingress allow rule, on any network, lets 22 or
 * 3389 in from a public range unless a deny on the same network covering that port for its targets
 * has a priority number no higher (deny wins ties), and no firewall policy rule evaluated before the
 * VPC's rules allows them (policies.ts). Unknown values are read the worst way.
 */
export const adminPortsCheck: Check = {
  id: 'admin-ports-closed',
  judge: (grading) => worstOverScenarios(grading, judgeInventory),
};

function judgeInventory(inventory: Inventory) {
  const rules = firewallRules(inventory);
  const networks = ofType(inventory, 'google_compute_network');
  const findings: string[] = [];
  const denies = rules.filter(isWorldDeny);
  const undenied = networks.flatMap((n) =>
    ADMIN_PORTS.filter(
      (port) => !denies.some((d) => networkNamed(inventory, d.network) === n && covers(d.deny, port, false)),
    ).map(
      (port) => `${label(n)}: no enabled ingress rule denies tcp ${port} from ${WORLD} to every instance`,
    ),
  );
  findings.push(...undenied);
  if (networks.length === 0) findings.push('There is no VPC created here to carry the deny rule.');
  let open = false;
  for (const allow of rules) {
    if (allow.allow.length === 0 || allow.ingress === false || allow.enabled === false) continue;
    const publicRanges = allow.sourceRanges.filter(isPublicRange);
    if (publicRanges.length === 0) continue;
    for (const port of ADMIN_PORTS) {
      if (!covers(allow.allow, port, true)) continue;
      const winner = denies.find((d) => beats(inventory, d, allow, port));
      if (winner) continue;
      open = true;
      findings.push(
        `${allow.name}: allows tcp ${port} from ${describeRanges(allow)} at priority ${allow.priority ?? '(unknown)'} on ${networkShown(inventory, allow.network)}, and no deny of the same network wins over it`,
      );
    }
  }
  const policies = policyAllows(inventory);
  if (policies.length > 0) open = true;
  findings.push(...policies);
  const score = (undenied.length === 0 && networks.length > 0 ? 0.5 : 0) + (open ? 0 : 0.5);
  return findings.length === 0
    ? outcome(1, 'SSH and RDP are denied from the internet, and no allow rule wins over the deny.')
    : outcome(
        score,
        'SSH or RDP can come in from the internet, or the VPC has no rule denying them.',
        findings,
      );
}

/** An enabled ingress deny of an admin port from 0.0.0.0/0 to every instance and address, priority known. */
function isWorldDeny(rule: FirewallRule): boolean {
  return (
    rule.deny.length > 0 &&
    rule.ingress === true &&
    rule.enabled === true &&
    rule.priority !== undefined &&
    rule.targets.length === 0 &&
    // destination_ranges narrow a deny to those addresses: an instance's external IP is outside them.
    rule.destinationRanges.length === 0 &&
    rule.sourceRanges.includes(WORLD) &&
    ADMIN_PORTS.some((port) => covers(rule.deny, port, false))
  );
}

/** GCP applies the lowest priority number first; at equal priority, deny wins. */
function beats(inventory: Inventory, deny: FirewallRule, allow: FirewallRule, port: number): boolean {
  if (deny.priority === undefined || allow.priority === undefined) return false;
  if (deny.priority > allow.priority || !covers(deny.deny, port, false)) return false;
  // The deny must cover every public source of the allow: 0.0.0.0/0 says nothing about IPv6.
  if (!allow.sourceRanges.filter(isPublicRange).every((r) => coveredByWorld(deny.sourceRanges, r)))
    return false;
  const denyNetwork: ResourceInstance | undefined = networkNamed(inventory, deny.network);
  return denyNetwork !== undefined && denyNetwork === networkNamed(inventory, allow.network);
}

function networkShown(inventory: Inventory, value: FirewallRule['network']): string {
  const network = networkNamed(inventory, value);
  return network ? network.address : `network ${shown(value)}`;
}
