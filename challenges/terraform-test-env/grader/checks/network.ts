import type { Check } from '../../../_lib/hcl/check.ts';
import { outcome } from '../../../_lib/hcl/check.ts';
import type { Cidr } from '../../../_lib/hcl/cidr.ts';
import { parseCidr } from '../../../_lib/hcl/cidr.ts';
import type { ResourceInstance } from '../../../_lib/hcl/module-instance.ts';
import type { Value } from '../../../_lib/hcl/values.ts';
import { describe } from '../../../_lib/hcl/values.ts';
import { PRODUCTION } from '../production.ts';
import type { Topology } from '../topology.ts';
import { label, topologyOf } from '../topology.ts';
import { usedSubnets } from '../used-subnets.ts';

/**
 * R1. Everything the environment places (application, load balancer, database) sits in subnets this
 * configuration creates, all in one VPC it creates, and that VPC's CIDR does not overlap
 * production's. Half the credit for each part.
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
        for (const text of vpc.unresolved) placement.push(`${subnet.address}: its VPC is ${text}`);
        for (const instance of vpc.instances) vpcs.add(instance);
      }
    }
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
