import type { BlockView } from '../../_lib/hcl/blocks.ts';
import { bodyView } from '../../_lib/hcl/blocks.ts';
import type { IngressRule } from '../../_lib/hcl/ingress.ts';
import { allProtocols, ingressRules, listOf } from '../../_lib/hcl/ingress.ts';
import type { Inventory } from '../../_lib/hcl/inventory.ts';
import type { ResourceInstance } from '../../_lib/hcl/module-instance.ts';
import { toNumber } from '../../_lib/hcl/operators.ts';
import type { Value } from '../../_lib/hcl/values.ts';
import { describe, isUnknown } from '../../_lib/hcl/values.ts';

const WORLD = '0.0.0.0/0';
/** The web ports the storefront serves to everyone today. */
const PUBLIC_PORTS = [80, 443];
const SSH_PORT = 22;

/**
 * What differs between the web security group's rules and today's: HTTP and HTTPS from anywhere, SSH
 * (judged by ssh-not-public, so any source here), and all traffic out. Inline blocks and rule
 * resources are one set, as AWS holds them. A rule the stack does not have is a difference too.
 */
export function securityGroupDifferences(group: ResourceInstance, inventory: Inventory): string[] {
  const rules = ingressRules(inventory).filter((rule) =>
    rule.inlineOf ? rule.inlineOf.address === group.address : pointsAt(rule.securityGroupId, group.address),
  );
  const findings: string[] = [];
  for (const port of PUBLIC_PORTS) {
    const served = rules.some((r) => exactTcpPort(r, port) && r.sources.includes(WORLD));
    if (!served) findings.push(`the rule for ${port}/tcp from ${WORLD} is gone or changed`);
  }
  for (const rule of rules) {
    const known = PUBLIC_PORTS.some((p) => exactTcpPort(rule, p)) || exactTcpPort(rule, SSH_PORT);
    if (!known)
      findings.push(`${rule.resource.address} adds ingress ${ports(rule)}, a rule the stack does not have`);
  }
  if (!egress(group, inventory).some(allTrafficToWorld)) {
    findings.push(`the rule letting all traffic out to ${WORLD} is gone or changed`);
  }
  return findings;
}

/** What differs between the public route table's routes and today's single default route to the gateway. */
export function routeDifferences(
  table: ResourceInstance,
  gateway: ResourceInstance | undefined,
  inventory: Inventory,
): string[] {
  const routes: { destination: Value; target: Value }[] = [
    ...bodyView(table.block.body, table.scope)
      .blocks('route')
      .map((route) => ({ destination: route.get('cidr_block'), target: route.get('gateway_id') })),
    ...inventory.resources
      .filter((r) => r.type === 'aws_route')
      .map((r) => bodyView(r.block.body, r.scope))
      .filter((route) => pointsAt(route.get('route_table_id'), table.address))
      .map((route) => ({
        destination: route.get('destination_cidr_block'),
        target: route.get('gateway_id'),
      })),
  ];
  const isDefault = (route: { destination: Value; target: Value }) =>
    route.destination === WORLD && gateway !== undefined && pointsAt(route.target, gateway.address);
  const findings: string[] = [];
  if (!routes.some(isDefault))
    findings.push(`the route for ${WORLD} to the internet gateway is gone or changed`);
  for (const route of routes.filter((r) => !isDefault(r))) {
    findings.push(`a route to ${describe(route.destination, 40)} is one the stack does not have`);
  }
  return findings;
}

function pointsAt(value: Value, address: string): boolean {
  return isUnknown(value) && value.origin.length === 1 && value.origin[0] === address;
}

function exactTcpPort(rule: IngressRule, port: number): boolean {
  if (isUnknown(rule.protocol) || allProtocols(rule)) return false;
  const protocol = String(rule.protocol).toLowerCase();
  return (
    (protocol === 'tcp' || protocol === '6') && toNumber(rule.from) === port && toNumber(rule.to) === port
  );
}

function ports(rule: IngressRule): string {
  if (allProtocols(rule)) return 'of every protocol';
  return `${describe(rule.from, 20)}-${describe(rule.to, 20)}/${describe(rule.protocol, 10)}`;
}

interface EgressRule {
  readonly protocol: Value;
  readonly destinations: readonly Value[];
}

function egress(group: ResourceInstance, inventory: Inventory): EgressRule[] {
  const classic = (view: BlockView): EgressRule => ({
    // from_port and to_port are required (terraform validate refuses the rule without them).
    protocol: view.get('from_port') === null || view.get('to_port') === null ? null : view.get('protocol'),
    destinations: listOf(view.get('cidr_blocks')),
  });
  const inline = bodyView(group.block.body, group.scope).blocks('egress').map(classic);
  const separate = inventory.resources.flatMap((r): EgressRule[] => {
    const view = bodyView(r.block.body, r.scope);
    if (!pointsAt(view.get('security_group_id'), group.address)) return [];
    if (r.type === 'aws_security_group_rule' && view.get('type') === 'egress') return [classic(view)];
    if (r.type === 'aws_vpc_security_group_egress_rule') {
      return [{ protocol: view.get('ip_protocol'), destinations: listOf(view.get('cidr_ipv4')) }];
    }
    return [];
  });
  return [...inline, ...separate];
}

function allTrafficToWorld(rule: EgressRule): boolean {
  const protocol = isUnknown(rule.protocol) ? '' : String(rule.protocol).toLowerCase();
  return (protocol === '-1' || protocol === 'all') && rule.destinations.includes(WORLD);
}
