import type { Check } from '../../../_lib/hcl/check.ts';
import { outcome } from '../../../_lib/hcl/check.ts';
import type { Cidr } from '../../../_lib/hcl/cidr.ts';
import { parseCidr } from '../../../_lib/hcl/cidr.ts';
import type { ResourceInstance } from '../../../_lib/hcl/module-instance.ts';
import type { Value } from '../../../_lib/hcl/values.ts';
import { describe } from '../../../_lib/hcl/values.ts';
import { appUnits } from '../app-tier.ts';
import { databases } from '../databases.ts';
import { loadBalancers } from '../load-balancers.ts';
import { PRODUCTION } from '../production.ts';
import type { Topology } from '../topology.ts';
import { label, topologyOf } from '../topology.ts';
import { usedSubnets } from '../used-subnets.ts';

/**
 * R1. Everything the environment places (application, load balancer, database) sits in subnets this
 * configuration creates, inside the ranges of one VPC it creates, with its security and target groups
 * in that VPC; and that VPC's ranges (secondary ones too) do not overlap production's. Half the credit
 * for each part.
 */
export const networkCheck: Check = {
  id: 'network-isolated',
  judge(grading) {
    const topology = topologyOf(grading.inventory());
    const used = usedSubnets(topology);
    if (used.length === 0) {
      return outcome(
        0,
        'Nothing is placed in a VPC yet: there is no application, load balancer or database.',
      );
    }
    const placement: string[] = [];
    const vpcs = new Set<ResourceInstance>();
    for (const { what, subnets } of used) {
      for (const text of subnets.unresolved) placement.push(`${what}: ${text}`);
      for (const subnet of subnets.instances) {
        const vpc = topology.resolve(topology.view(subnet).get('vpc_id'), ['aws_vpc']);
        for (const text of vpc.unresolved) placement.push(`${label(subnet)}: its VPC is ${text}`);
        if (vpc.instances.length + vpc.unresolved.length === 0) {
          placement.push(`${label(subnet)}: no vpc_id, so it is not in the environment's VPC`);
        }
        for (const instance of vpc.instances) vpcs.add(instance);
      }
    }
    const [home] = vpcs;
    if (home) placement.push(...outsideVpc(topology, home, used), ...dnsProblem(topology, home));
    if (vpcs.size > 1) {
      placement.push(
        `the environment is spread over ${vpcs.size} VPCs: ${[...vpcs].map((v) => v.address).join(', ')}`,
      );
    }
    const overlap = [...vpcs].flatMap((vpc) => [
      ...cidrProblem(topology.view(vpc).get('cidr_block'), vpc),
      ...secondaryRanges(topology, vpc),
    ]);
    const isolated = placement.length === 0 && vpcs.size === 1;
    const score = (isolated ? 0.5 : 0) + (overlap.length === 0 && vpcs.size > 0 ? 0.5 : 0);
    const message =
      score === 1
        ? 'The environment has a VPC of its own, apart from production.'
        : !isolated
          ? 'The environment does not live in one VPC of its own: some of it uses subnets or a VPC this configuration does not create.'
          : `The environment's VPC overlaps production's ${PRODUCTION.vpcCidr}, or its range cannot be verified.`;
    return outcome(score, message, [...placement, ...overlap]);
  },
};

/**
 * What lives in the VPC must say so: a subnet's range inside the VPC's ranges, and the security
 * groups and target groups the environment uses created in it (without vpc_id, AWS puts a security
 * group in the default VPC).
 */
function outsideVpc(
  topology: Topology,
  vpc: ResourceInstance,
  used: ReturnType<typeof usedSubnets>,
): string[] {
  const findings: string[] = [];
  const ranges = [
    topology.view(vpc).get('cidr_block'),
    ...topology
      .ofType('aws_vpc_ipv4_cidr_block_association')
      .filter((a) => topology.refersTo(topology.view(a).get('vpc_id'), vpc))
      .map((a) => topology.view(a).get('cidr_block')),
  ].flatMap((value) => {
    const cidr = typeof value === 'string' ? parseCidr(value) : undefined;
    return cidr?.address === undefined ? [] : [cidr];
  });
  for (const subnet of new Set(used.flatMap((u) => u.subnets.instances))) {
    const value = topology.view(subnet).get('cidr_block');
    const cidr = typeof value === 'string' ? parseCidr(value) : undefined;
    if (!cidr || cidr.address === undefined || !ranges.some((range) => within(cidr, range))) {
      findings.push(
        `${label(subnet)}: cidr_block ${describe(value, 40)} cannot be shown to lie in ${vpc.address}'s range`,
      );
    }
  }
  const homed = [
    ...appUnits(topology).flatMap((unit) => unit.securityGroups.instances),
    ...databases(topology).flatMap((db) => db.securityGroups.instances),
    ...loadBalancers(topology).flatMap((lb) => [
      ...topology.resolve(topology.view(lb.instance).get('security_groups'), ['aws_security_group'])
        .instances,
      ...lb.forwardsTo.instances,
    ]),
  ];
  for (const item of new Set(homed)) {
    if (!topology.refersTo(topology.view(item).get('vpc_id'), vpc)) {
      findings.push(
        `${label(item)}: its vpc_id is not ${vpc.address}, so it is not created in the environment's VPC`,
      );
    }
  }
  return findings;
}

/** Without the VPC's DNS resolver the API cannot resolve its database's endpoint. */
function dnsProblem(topology: Topology, vpc: ResourceInstance): string[] {
  const value = topology.view(vpc).get('enable_dns_support');
  if (value === null || value === true) return [];
  return [
    `${label(vpc)}: enable_dns_support ${describe(value, 40)}: without the VPC's resolver the API cannot resolve the database's endpoint`,
  ];
}

function within(inner: Cidr, outer: Cidr): boolean {
  if (inner.prefix < outer.prefix) return false;
  const size = 2 ** (32 - outer.prefix);
  return Math.floor((inner.address ?? 0) / size) === Math.floor((outer.address ?? 0) / size);
}

/**
 * Secondary ranges (aws_vpc_ipv4_cidr_block_association) are part of the VPC's address space: one
 * that overlaps production's breaks peering as surely as the primary range. An association whose VPC
 * cannot be followed may be on this VPC, so its range is judged too.
 */
function secondaryRanges(topology: Topology, vpc: ResourceInstance): string[] {
  return topology.ofType('aws_vpc_ipv4_cidr_block_association').flatMap((association) => {
    const view = topology.view(association);
    const target = topology.resolve(view.get('vpc_id'), ['aws_vpc']);
    if (target.instances.length > 0 && !target.instances.includes(vpc)) return [];
    return cidrProblem(view.get('cidr_block'), association);
  });
}

const PRODUCTION_CIDR = parseCidr(PRODUCTION.vpcCidr) as Cidr;

function cidrProblem(value: Value, vpc: ResourceInstance): string[] {
  const cidr = typeof value === 'string' ? parseCidr(value) : undefined;
  if (!cidr || cidr.address === undefined) {
    return [
      `${label(vpc)}: cidr_block ${describe(value, 60)} cannot be shown to stay clear of production's ${PRODUCTION.vpcCidr} (not an IPv4 range known before apply)`,
    ];
  }
  return overlaps(cidr, PRODUCTION_CIDR)
    ? [`${label(vpc)}: ${String(value)} overlaps production's ${PRODUCTION.vpcCidr}`]
    : [];
}

/** Two IPv4 ranges overlap when one contains the other's network address. */
function overlaps(a: Cidr, b: Cidr): boolean {
  const size = (c: Cidr) => 2 ** (32 - c.prefix);
  const start = (c: Cidr) => Math.floor((c.address ?? 0) / size(c)) * size(c);
  return start(a) < start(b) + size(b) && start(b) < start(a) + size(a);
}
