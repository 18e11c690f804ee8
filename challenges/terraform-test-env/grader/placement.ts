import type { ResourceInstance } from '../../_lib/hcl/module-instance.ts';
import { subnetExposure } from './routing.ts';
import type { Resolved, Topology } from './topology.ts';
import { label } from './topology.ts';

/** Where a set of subnets puts something: its availability zones and which subnets are public. */
export interface Placement {
  readonly subnets: readonly ResourceInstance[];
  /** References that do not lead to a subnet this configuration creates. */
  readonly foreign: readonly string[];
  /** Distinct zones of the subnets whose zone is known. */
  readonly zones: readonly string[];
  /** Subnets whose zone is unset or cannot be evaluated. */
  readonly unzoned: readonly string[];
  /** Subnets that route to an internet gateway, with the reason. */
  readonly publicSubnets: readonly string[];
  /** Subnets whose routing the grader cannot tell. */
  readonly unrouted: readonly string[];
}

export const MIN_ZONES = 2;

export function placementOf(topology: Topology, subnets: Resolved): Placement {
  const zones = new Set<string>();
  const unzoned: string[] = [];
  const publicSubnets: string[] = [];
  const unrouted: string[] = [];
  for (const subnet of subnets.instances) {
    const zone = zoneOf(topology, subnet);
    if (zone) zones.add(zone);
    else unzoned.push(`${label(subnet)} has no availability zone the grader can evaluate`);
    const exposure = subnetExposure(topology, subnet);
    if (exposure.public === true) publicSubnets.push(`${label(subnet)}: ${exposure.why}`);
    else if (exposure.public === undefined) unrouted.push(`${label(subnet)}: ${exposure.why}`);
  }
  return {
    subnets: subnets.instances,
    foreign: subnets.unresolved,
    zones: [...zones].sort(),
    unzoned,
    publicSubnets,
    unrouted,
  };
}

/** A subnet's zone: its availability_zone, or its availability_zone_id. Unset means AWS picks one. */
function zoneOf(topology: Topology, subnet: ResourceInstance): string | undefined {
  const view = topology.view(subnet);
  for (const argument of ['availability_zone', 'availability_zone_id']) {
    const value = view.get(argument);
    if (typeof value === 'string' && value !== '') return value;
  }
  return undefined;
}

/** Private: only subnets of this configuration, none routing to an internet gateway. */
export function isPrivate(placement: Placement): boolean {
  return (
    placement.subnets.length > 0 &&
    placement.foreign.length === 0 &&
    placement.publicSubnets.length === 0 &&
    placement.unrouted.length === 0
  );
}

/** Public: only subnets of this configuration, every one routing to an internet gateway. */
export function isPublic(placement: Placement): boolean {
  return (
    placement.subnets.length > 0 &&
    placement.foreign.length === 0 &&
    placement.publicSubnets.length === placement.subnets.length
  );
}

export function spansZones(placement: Placement): boolean {
  return placement.zones.length >= MIN_ZONES;
}

/** Why a placement is not private, for findings. */
export function notPrivateReasons(placement: Placement): string[] {
  return [...placement.foreign, ...placement.publicSubnets, ...placement.unrouted];
}
