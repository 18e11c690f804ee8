import { appUnits } from './app-tier.ts';
import { databases } from './databases.ts';
import { loadBalancers } from './load-balancers.ts';
import type { Resolved, Topology } from './topology.ts';
import { label } from './topology.ts';

/** The subnets the environment puts something in, by what it puts there. */
export function usedSubnets(topology: Topology): { readonly what: string; readonly subnets: Resolved }[] {
  return [
    ...appUnits(topology).map((unit) => ({ what: label(unit.instance), subnets: unit.subnets })),
    ...loadBalancers(topology).map((lb) => ({ what: lb.instance.address, subnets: lb.subnets })),
    ...databases(topology).map((db) => ({ what: db.instance.address, subnets: db.subnets })),
  ];
}
