/**
 * The failures the brief asks a design to survive, and what each does to each component. Scopes come
 * from the catalogue: a global service survives everything; a regional one (spread over its
 * region's zones by the provider) survives a zone, not its region; a zonal one survives what its
 * zones and instances do. A database or cache without managed failover (`ha`) keeps its primary in
 * its first zone, and its primary is one instance, whatever zones it lists.
 */
import { REGIONS } from '../../_lib/architecture/catalogue.ts';
import type { Recovery } from './brief.ts';
import { FAILOVER, UP } from './brief.ts';
import type { Graph, Node } from './graph.ts';
import { isCompute, requestPath } from './graph.ts';

export type Failure =
  | { readonly kind: 'none' }
  | { readonly kind: 'component'; readonly id: string; readonly why: string }
  | { readonly kind: 'zone'; readonly region: string; readonly zone: string }
  | { readonly kind: 'region'; readonly region: string };

export const NO_FAILURE: Failure = { kind: 'none' };

/** How one component fares in a failure. */
export interface Fate {
  readonly lost: boolean;
  /** For a database or cache that survives: whether it had to fail over. */
  readonly recovery: Recovery;
  /** For compute: the share of its instances (at max) left. */
  readonly share: number;
}

const LOST: Fate = { lost: true, recovery: UP, share: 0 };
const INTACT: Fate = { lost: false, recovery: UP, share: 1 };

const hasFailover = (node: Node): boolean => node.entry.properties.includes('ha');

/** `losing zone us-east-1a`: the failure in the brief's words. */
export function describeFailure(graph: Graph, failure: Failure): string {
  switch (failure.kind) {
    case 'none':
      return 'with nothing failed';
    case 'component':
      return `losing ${graph.nodes.get(failure.id)?.name ?? failure.id}, which ${failure.why}`;
    case 'zone':
      return `losing zone ${failure.zone}`;
    case 'region':
      return `losing region ${failure.region}`;
  }
}

/** What `failure` leaves of `node`. */
export function fateOf(node: Node, failure: Failure): Fate {
  const { component, entry } = node;
  if (entry.scope === 'global' || failure.kind === 'none') return INTACT;
  if (failure.kind === 'component') return failure.id === component.id ? LOST : INTACT;
  if (component.region !== failure.region) return INTACT;
  if (failure.kind === 'region') return LOST;
  if (entry.scope === 'regional') return INTACT;
  const zones = component.zones ?? [];
  if (!zones.includes(failure.zone)) return INTACT;
  if (hasFailover(node)) {
    if (component.ha === true && zones.length >= 2) {
      return { lost: false, recovery: zones[0] === failure.zone ? FAILOVER : UP, share: 1 };
    }
    return zones[0] === failure.zone || zones.length === 1 ? LOST : INTACT;
  }
  if (zones.length === 1) return LOST;
  if (!isCompute(node)) return INTACT;
  // Spread evenly, the lost zone taking its share rounded up.
  const max = component.instances?.max ?? 0;
  const left = max - Math.ceil(max / zones.length);
  return { lost: false, recovery: UP, share: max === 0 ? 0 : left / max };
}

/**
 * Why `node` is one instance that can fail on its own (undefined when it is not): zonal compute
 * with fewer than two instances at its minimum (or none stated), a database or cache without
 * managed failover.
 */
export function singleInstance(node: Node): string | undefined {
  const { component, entry } = node;
  if (entry.scope !== 'zonal') return undefined;
  if (hasFailover(node) && component.ha !== true) return 'is one instance without managed failover';
  if (!isCompute(node)) return undefined;
  const min = component.instances?.min;
  if (min === undefined) return 'states no instance count, so it may be one instance';
  if (min < 2) return `may run as ${min === 0 ? 'no instance' : 'one instance'} (instances.min ${min})`;
  return undefined;
}

/** The single instances on the users' path: each lost on its own in one failure. */
export function componentFailures(graph: Graph): Failure[] {
  return requestPath(graph).flatMap((node) => {
    const why = singleInstance(node);
    return why ? [{ kind: 'component', id: node.component.id, why } as const] : [];
  });
}

/** Every zone any component of the design runs in, in the catalogue's order. */
export function zoneFailures(graph: Graph): Failure[] {
  const { doc } = graph;
  const used = new Set(doc.components.flatMap((c) => c.zones ?? []));
  return doc.regions.flatMap((region) =>
    (REGIONS[doc.cloud][region] ?? [])
      .filter((zone) => used.has(zone))
      .map((zone) => ({ kind: 'zone', region, zone }) as const),
  );
}

/** Every region that holds a component. */
export function regionFailures(graph: Graph): Failure[] {
  const held = new Set(graph.doc.components.map((c) => c.region));
  return graph.doc.regions.filter((r) => held.has(r)).map((region) => ({ kind: 'region', region }) as const);
}
