import type { BlockView } from '../../_lib/hcl/blocks.ts';
import type { Cidr } from '../../_lib/hcl/cidr.ts';
import { parseCidr } from '../../_lib/hcl/cidr.ts';
import { egressRules, ingressRules } from '../../_lib/hcl/ingress.ts';
import { toNumber } from '../../_lib/hcl/operators.ts';
import type { Value } from '../../_lib/hcl/values.ts';
import { describe, isUnknown, reasonOf } from '../../_lib/hcl/values.ts';
import type { AppUnit } from './app-tier.ts';
import type { LoadBalancer } from './load-balancers.ts';
import { OFFICE } from './production.ts';
import type { Topology } from './topology.ts';
import { label } from './topology.ts';
import { lets, rulesOn } from './traffic.ts';

const SG = ['aws_security_group', 'aws_default_security_group'];
const OFFICE_RANGE = parseCidr(OFFICE) as Cidr;

/**
 * Whether traffic gets through: QA's office range reaches the load balancer's listener ports and
 * nothing else reaches it (R3), the load balancer's groups let it out to the API on the target port,
 * and the API's groups admit it there. Returns the findings; none means the path works.
 */
export function pathFindings(topology: Topology, lb: LoadBalancer, units: readonly AppUnit[]): string[] {
  const name = lb.instance.address;
  const view = topology.view(lb.instance);
  const groups = topology.resolve(view.get('security_groups'), SG);
  if (groups.instances.length === 0 || groups.unresolved.length > 0) {
    return [`${name}: it needs security groups of its own that the grader can follow (security_groups)`];
  }
  const findings: string[] = [];
  const ingress = rulesOn(topology, ingressRules(topology.inventory), groups.instances);
  const egress = rulesOn(topology, egressRules(topology.inventory), groups.instances);
  for (const rule of [...ingress.unplaced, ...ingress.on]) {
    for (const source of rule.sources) {
      if (!withinOffice(source)) {
        findings.push(`${rule.where}: admits ${describe(source, 50)}, not only QA's office range ${OFFICE}`);
      }
    }
    for (const list of rule.prefixLists) {
      findings.push(`${rule.where}: admits the prefix list ${describe(list, 50)}, not only ${OFFICE}`);
    }
  }
  for (const listener of lb.listeners) {
    findings.push(...listenerProblems(topology.view(listener), label(listener)));
    const port = portOf(topology.view(listener).get('port'));
    if (port === undefined) {
      findings.push(`${label(listener)}: its port cannot be shown before apply`);
      continue;
    }
    if (!ingress.on.some((rule) => lets(topology, rule, port, [], true))) {
      findings.push(`${name}: no rule of its security groups admits QA's office range on port ${port}`);
    }
  }
  for (const unit of units) {
    const port = targetPort(topology, lb, unit);
    const where = unit.instance.address;
    if (port === undefined) {
      findings.push(`${where}: the port the load balancer sends it traffic on cannot be shown before apply`);
      continue;
    }
    if (!egress.on.some((rule) => lets(topology, rule, port, unit.securityGroups.instances, true))) {
      findings.push(`${name}: its security groups do not let traffic out to ${where} on port ${port}`);
    }
    const admits = rulesOn(topology, ingressRules(topology.inventory), unit.securityGroups.instances).on;
    if (!admits.some((rule) => lets(topology, rule, port, groups.instances, false))) {
      findings.push(`${where}: its security groups do not admit the load balancer's on port ${port}`);
    }
  }
  return findings;
}

/** A listener must speak a protocol known before apply, and HTTPS or TLS needs its certificate. */
function listenerProblems(view: BlockView, where: string): string[] {
  const protocol = view.get('protocol');
  if (isUnknown(protocol))
    return [`${where}: its protocol cannot be shown before apply (${protocol.detail})`];
  if (protocol !== 'HTTPS' && protocol !== 'TLS') return [];
  const certificate = view.get('certificate_arn');
  if (certificate === null) return [`${where}: ${protocol} without a certificate_arn`];
  if (isUnknown(certificate) && reasonOf(certificate) !== 'computed') {
    return [`${where}: its certificate_arn has no value CI can plan with (${certificate.detail})`];
  }
  return [];
}

/** The port traffic reaches a unit on: an ECS service's container_port, else its target group's port. */
function targetPort(topology: Topology, lb: LoadBalancer, unit: AppUnit): number | undefined {
  const groups = unit.targetGroups.instances.filter((group) => lb.forwardsTo.instances.includes(group));
  const ports = new Set<number | undefined>();
  if (unit.instance.type === 'aws_ecs_service' || unit.instance.type === 'aws_ecs_task_set') {
    for (const block of topology.view(unit.instance).blocks('load_balancer')) {
      ports.add(portOf(block.get('container_port')));
    }
  } else {
    for (const group of groups) ports.add(portOf(topology.view(group).get('port')));
  }
  return ports.size === 1 ? [...ports][0] : undefined;
}

function portOf(value: Value): number | undefined {
  const port = toNumber(value);
  return port !== undefined && Number.isInteger(port) ? port : undefined;
}

function withinOffice(source: Value): boolean {
  const cidr = typeof source === 'string' ? parseCidr(source) : undefined;
  if (!cidr || cidr.address === undefined || cidr.prefix < OFFICE_RANGE.prefix) return false;
  const size = 2 ** (32 - OFFICE_RANGE.prefix);
  return Math.floor(cidr.address / size) === Math.floor((OFFICE_RANGE.address ?? 0) / size);
}
