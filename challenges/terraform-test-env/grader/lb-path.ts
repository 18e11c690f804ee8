import type { BlockView } from '../../_lib/hcl/blocks.ts';
import type { Cidr } from '../../_lib/hcl/cidr.ts';
import { parseCidr } from '../../_lib/hcl/cidr.ts';
import type { IngressRule } from '../../_lib/hcl/ingress.ts';
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
  const name = label(lb.instance);
  const view = topology.view(lb.instance);
  const groups = topology.resolve(view.get('security_groups'), SG);
  const findings = lb.listeners.flatMap((l) => listenerProblems(topology.view(l), label(l)));
  const allIngress = ingressRules(topology.inventory);
  if (
    groups.instances.length === 0 &&
    groups.unresolved.length === 0 &&
    view.get('load_balancer_type') === 'network'
  ) {
    // A network load balancer without security groups passes clients' addresses through: the API's
    // groups must then admit the office range, and no other public range.
    for (const unit of units) {
      const port = targetPort(topology, lb, unit);
      const rules = rulesOn(topology, allIngress, unit.securityGroups.instances);
      findings.push(...wideSources([...rules.on, ...rules.unplaced], true));
      if (
        port === undefined ||
        !rules.on.some((rule) => lets(topology, rule, port, [], true, withinOffice))
      ) {
        findings.push(
          `${label(unit.instance)}: its security groups do not admit QA's office range on the target port`,
        );
      }
    }
    return findings;
  }
  if (groups.instances.length === 0 || groups.unresolved.length > 0) {
    return [
      ...findings,
      `${name}: it needs security groups of its own that the grader can follow (security_groups)`,
    ];
  }
  const ingress = rulesOn(topology, allIngress, groups.instances);
  const egress = rulesOn(topology, egressRules(topology.inventory), groups.instances);
  findings.push(...wideSources([...ingress.unplaced, ...ingress.on], false));
  const ports = lb.forwardingListeners.map((l) => portOf(topology.view(l).get('port')));
  const admitted = ports.some(
    (port) =>
      port !== undefined && ingress.on.some((rule) => lets(topology, rule, port, [], true, withinOffice)),
  );
  if (!admitted) {
    findings.push(
      `${name}: no rule of its security groups admits QA's office range on a port that forwards to the API`,
    );
  }
  for (const unit of units) {
    const port = targetPort(topology, lb, unit);
    const where = label(unit.instance);
    if (port === undefined) {
      findings.push(`${where}: the port the load balancer sends it traffic on cannot be shown before apply`);
      continue;
    }
    if (!egress.on.some((rule) => lets(topology, rule, port, unit.securityGroups.instances, true))) {
      findings.push(`${name}: its security groups do not let traffic out to ${where} on port ${port}`);
    }
    const admits = rulesOn(topology, allIngress, unit.securityGroups.instances).on;
    if (!admits.some((rule) => lets(topology, rule, port, groups.instances, true))) {
      findings.push(`${where}: its security groups do not admit the load balancer's on port ${port}`);
    }
  }
  return findings;
}

/** Sources beyond QA's office range (private ranges too, unless `privateOk`: health checks). */
function wideSources(rules: readonly IngressRule[], privateOk: boolean): string[] {
  return rules.flatMap((rule) => [
    ...rule.sources
      .filter((source) => !withinOffice(source) && !(privateOk && isPrivateRange(source)))
      .map((source) => `${rule.where}: admits ${describe(source, 50)}, not only QA's office range ${OFFICE}`),
    ...rule.prefixLists.map(
      (list) => `${rule.where}: admits the prefix list ${describe(list, 50)}, not only ${OFFICE}`,
    ),
  ]);
}

const PRIVATE_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'].map((r) => parseCidr(r) as Cidr);

function isPrivateRange(source: Value): boolean {
  const cidr = typeof source === 'string' ? parseCidr(source) : undefined;
  return cidr?.address !== undefined && PRIVATE_RANGES.some((range) => contains(range, cidr));
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
  return cidr?.address !== undefined && contains(OFFICE_RANGE, cidr);
}

function contains(outer: Cidr, inner: Cidr): boolean {
  if (inner.address === undefined || inner.prefix < outer.prefix) return false;
  const size = 2 ** (32 - outer.prefix);
  return Math.floor(inner.address / size) === Math.floor((outer.address ?? 0) / size);
}
