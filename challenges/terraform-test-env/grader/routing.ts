import type { BlockView } from '../../_lib/hcl/blocks.ts';
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

/** A route table as a subnet ends up using it: a table resource, or a VPC's implicit main table. */
type Table =
  | { readonly kind: 'resource'; readonly instance: ResourceInstance }
  | { readonly kind: 'main'; readonly vpc: ResourceInstance };

/**
 * Follows a subnet to its route table as AWS resolves it (aws_route_table_association, or else the
 * VPC's main route table) and that table's routes (inline `route` blocks and aws_route resources,
 * including routes added to `aws_vpc.x.main_route_table_id`) to their targets. A route or an
 * association the grader cannot attribute may be on this subnet's table, so it leaves it undecided.
 */
export function subnetExposure(topology: Topology, subnet: ResourceInstance): Exposure {
  const tables: Table[] = [];
  for (const association of topology.ofType('aws_route_table_association')) {
    const view = topology.view(association);
    const subnetId = view.get('subnet_id');
    if (subnetId === null && view.get('gateway_id') === null) {
      return {
        public: undefined,
        why: `${label(association)} names neither a subnet nor a gateway: Terraform refuses it`,
      };
    }
    if (subnetId === null) continue; // an edge association with a gateway, not a subnet
    const subnets = topology.resolve(subnetId, ['aws_subnet']);
    if (!subnets.instances.includes(subnet)) {
      if (subnets.instances.length === 0) {
        return {
          public: undefined,
          why: `${label(association)} associates a subnet the grader cannot follow, which may be this one`,
        };
      }
      continue;
    }
    const table = tableOf(topology, view.get('route_table_id'));
    if (!table) {
      return { public: undefined, why: `${label(association)} uses a route table the grader cannot follow` };
    }
    tables.push(table);
  }
  if (tables.length === 0) {
    const vpc = topology.resolve(topology.view(subnet).get('vpc_id'), ['aws_vpc']).instances[0];
    if (!vpc) return { public: undefined, why: 'its VPC is not one this configuration creates' };
    tables.push({ kind: 'main', vpc });
  }
  for (const table of tables) {
    const exposure = tableExposure(topology, table);
    if (exposure.public !== false) return exposure;
  }
  return {
    public: false,
    why: `no route of ${tables.map(tableName).join(', ')} leads to an internet gateway`,
  };
}

/** A route_table_id: a table resource, or a VPC's main_route_table_id / default_route_table_id. */
function tableOf(topology: Topology, id: Value): Table | undefined {
  const resolved = topology.resolve(id, ROUTE_TABLES);
  if (resolved.unresolved.length === 0 && resolved.instances.length === 1 && resolved.instances[0]) {
    return { kind: 'resource', instance: resolved.instances[0] };
  }
  const vpcs = topology.resolve(id, ['aws_vpc']);
  if (resolved.instances.length === 0 && vpcs.instances.length === 1 && vpcs.instances[0]) {
    return { kind: 'main', vpc: vpcs.instances[0] };
  }
  return undefined;
}

function tableName(table: Table): string {
  return table.kind === 'resource' ? table.instance.address : `the main route table of ${table.vpc.address}`;
}

/**
 * The tables that hold a VPC's main routes: the one an aws_main_route_table_association makes main,
 * and the aws_default_route_table that manages the main table AWS created.
 */
function mainTables(topology: Topology, vpc: ResourceInstance): ResourceInstance[] {
  const found: ResourceInstance[] = [];
  for (const main of topology.ofType('aws_main_route_table_association')) {
    const view = topology.view(main);
    if (topology.refersTo(view.get('vpc_id'), vpc)) {
      found.push(...topology.resolve(view.get('route_table_id'), ROUTE_TABLES).instances);
    }
  }
  found.push(
    ...topology
      .ofType('aws_default_route_table')
      .filter((table) => topology.refersTo(topology.view(table).get('default_route_table_id'), vpc)),
  );
  return found;
}

/** Whether a route_table_id names this table (a VPC's main table also by the VPC's attribute). */
function onTable(topology: Topology, id: Value, table: Table, mains: readonly ResourceInstance[]): boolean {
  if (table.kind === 'resource') return topology.refersTo(id, table.instance);
  return topology.refersTo(id, table.vpc) || mains.some((main) => topology.refersTo(id, main));
}

function tableExposure(topology: Topology, table: Table): Exposure {
  const mains = table.kind === 'main' ? mainTables(topology, table.vpc) : [];
  const inline = table.kind === 'resource' ? [table.instance] : mains;
  const name = table.kind === 'resource' ? label(table.instance) : tableName(table);
  if (table.kind === 'resource') {
    const vpc =
      table.instance.type === 'aws_route_table' ? topology.view(table.instance).get('vpc_id') : undefined;
    if (vpc !== undefined && topology.resolve(vpc, ['aws_vpc']).instances.length === 0) {
      return { public: undefined, why: `${name} is not in a VPC this configuration creates (vpc_id)` };
    }
  }
  const routes: BlockView[] = inline.flatMap((t) => topology.view(t).blocks('route'));
  let undecided: string | undefined;
  for (const route of topology.ofType('aws_route')) {
    const view = topology.view(route);
    const id = view.get('route_table_id');
    if (onTable(topology, id, table, mains)) routes.push(view);
    else if (!tableOf(topology, id) && internetGateway(topology, view.get('gateway_id')) !== false) {
      undecided = `${label(route)} adds a route to the internet to a route table the grader cannot follow, which may be ${name}`;
    }
  }
  for (const route of routes) {
    const verdict = internetGateway(topology, route.get('gateway_id'));
    if (verdict === undefined) undecided = `${name} has a route whose gateway the grader cannot follow`;
    if (verdict !== true) continue;
    // A route needs a destination Terraform can plan; without one it is not shown to carry traffic.
    const destination = [
      route.get('cidr_block'),
      route.get('destination_cidr_block'),
      route.get('ipv6_cidr_block'),
      route.get('destination_ipv6_cidr_block'),
    ].find((d) => d !== null);
    if (typeof destination === 'string')
      return { public: true, why: `${name} routes to an internet gateway` };
    undecided = `${name} has a route to an internet gateway whose destination cannot be shown before apply`;
  }
  return undecided ? { public: undefined, why: undecided } : { public: false, why: '' };
}

/** Whether a route's gateway_id is an internet gateway; NAT gateways and others use other arguments. */
function internetGateway(topology: Topology, target: Value): boolean | undefined {
  if (target === null || target === '' || target === 'local') return false;
  if (typeof target === 'string') return target.startsWith('igw-');
  if (!isUnknown(target)) return undefined;
  const gateways = topology.resolve(target, ['aws_internet_gateway']).instances;
  // A gateway attached to no VPC carries no traffic; whether it would be attached later is unknown.
  if (gateways.length > 0) return gateways.every((gateway) => attached(topology, gateway)) ? true : undefined;
  // A gateway read from AWS (data.aws_internet_gateway) is an internet gateway too.
  if (target.origin.some((address) => /(^|\.)data\.aws_internet_gateway\./.test(address))) return true;
  const known = topology.resolve(target, ['aws_vpn_gateway', 'aws_egress_only_internet_gateway']);
  return known.instances.length > 0 ? false : undefined;
}

function attached(topology: Topology, gateway: ResourceInstance): boolean {
  if (topology.view(gateway).get('vpc_id') !== null) return true;
  return topology
    .ofType('aws_internet_gateway_attachment')
    .some((a) => topology.refersTo(topology.view(a).get('internet_gateway_id'), gateway));
}
