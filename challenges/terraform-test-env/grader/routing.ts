import type { ResourceInstance } from '../../_lib/hcl/module-instance.ts';
import type { Value } from '../../_lib/hcl/values.ts';
import { isUnknown } from '../../_lib/hcl/values.ts';
import type { Topology } from './topology.ts';
import { label } from './topology.ts';

/** Whether a subnet is public: true when a route of its route table leads to an internet gateway. */
export interface Exposure {
  /** undefined when the grader cannot tell (an association or a route target it cannot follow). */
  readonly public: boolean | undefined;
  readonly why: string;
}

const ROUTE_TABLES = ['aws_route_table', 'aws_default_route_table'];

/**
 * Follows a subnet to its route table (aws_route_table_association, or else the VPC's main route
 * table) and that table's routes (inline `route` blocks and aws_route resources) to their targets.
 */
export function subnetExposure(topology: Topology, subnet: ResourceInstance): Exposure {
  const tables: ResourceInstance[] = [];
  for (const association of topology.ofType('aws_route_table_association')) {
    const view = topology.view(association);
    const subnetId = view.get('subnet_id');
    if (subnetId === null) continue; // an edge association with a gateway, not a subnet
    const subnets = topology.resolve(subnetId, ['aws_subnet']);
    if (!subnets.instances.includes(subnet)) {
      if (subnets.instances.length === 0) {
        return {
          public: undefined,
          why: `${label(association)} associates a subnet the grader cannot follow`,
        };
      }
      continue;
    }
    const target = topology.resolve(view.get('route_table_id'), ROUTE_TABLES);
    if (target.unresolved.length > 0 || target.instances.length === 0) {
      return { public: undefined, why: `${label(association)} uses a route table the grader cannot follow` };
    }
    tables.push(...target.instances);
  }
  if (tables.length === 0) {
    const main = mainRouteTable(topology, subnet);
    if (!main) return { public: false, why: "uses the VPC's main route table, which only routes locally" };
    tables.push(main);
  }
  for (const table of tables) {
    const exposure = tableExposure(topology, table);
    if (exposure.public !== false) return exposure;
  }
  return {
    public: false,
    why: `no route of ${tables.map((t) => t.address).join(', ')} leads to an internet gateway`,
  };
}

/** The route table a subnet without an association uses, when the configuration manages it. */
function mainRouteTable(topology: Topology, subnet: ResourceInstance): ResourceInstance | undefined {
  const vpc = topology.resolve(topology.view(subnet).get('vpc_id'), ['aws_vpc']).instances[0];
  if (!vpc) return undefined;
  for (const main of topology.ofType('aws_main_route_table_association')) {
    const view = topology.view(main);
    if (topology.refersTo(view.get('vpc_id'), vpc)) {
      return topology.resolve(view.get('route_table_id'), ROUTE_TABLES).instances[0];
    }
  }
  return topology
    .ofType('aws_default_route_table')
    .find((table) => topology.refersTo(topology.view(table).get('default_route_table_id'), vpc));
}

function tableExposure(topology: Topology, table: ResourceInstance): Exposure {
  const targets: Value[] = topology
    .view(table)
    .blocks('route')
    .map((route) => route.get('gateway_id'));
  for (const route of topology.ofType('aws_route')) {
    const view = topology.view(route);
    if (topology.refersTo(view.get('route_table_id'), table)) targets.push(view.get('gateway_id'));
  }
  let undecided: string | undefined;
  for (const target of targets) {
    const verdict = internetGateway(topology, target);
    if (verdict === true) return { public: true, why: `${label(table)} routes to an internet gateway` };
    if (verdict === undefined)
      undecided = `${label(table)} has a route whose gateway the grader cannot follow`;
  }
  return undecided ? { public: undefined, why: undecided } : { public: false, why: '' };
}

/** Whether a route's gateway_id is an internet gateway; NAT gateways and others use other arguments. */
function internetGateway(topology: Topology, target: Value): boolean | undefined {
  if (target === null || target === '' || target === 'local') return false;
  if (typeof target === 'string') return target.startsWith('igw-');
  if (!isUnknown(target)) return undefined;
  if (topology.resolve(target, ['aws_internet_gateway']).instances.length > 0) return true;
  // A gateway read from AWS (data.aws_internet_gateway) is an internet gateway too.
  if (target.origin.some((address) => /(^|\.)data\.aws_internet_gateway\./.test(address))) return true;
  const known = topology.resolve(target, ['aws_vpn_gateway', 'aws_egress_only_internet_gateway']);
  return known.instances.length > 0 ? false : undefined;
}
