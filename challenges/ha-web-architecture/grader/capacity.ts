/**
 * What the design carries, in concurrent users, from tables.ts. A compute tier carries its size's
 * users per instance times its instances at max (less a lost zone's share); the users' path carries
 * the maximum flow from the internet to the databases that serve, every compute tier a node of that
 * capacity (so two tiers in a row are not added up, and two regions side by side are). A database
 * carries its size's users times its primary and its read replicas.
 */
import { sizeFigures } from '../../_lib/architecture/tables.ts';
import type { Graph, Node } from './graph.ts';
import { isCompute } from './graph.ts';
import type { Serving } from './serving.ts';

/** Users one component carries at max in `serving`'s failure, or why it cannot be known. */
export function computeCapacity(graph: Graph, node: Node, share = 1): { users: number; unknown?: string } {
  const { component } = node;
  const figures = component.size
    ? sizeFigures(graph.doc.cloud, component.service, component.size)
    : undefined;
  if (!figures) return { users: 0, unknown: `${node.name} has no size, so what it carries is unknown` };
  if (!component.instances)
    return { users: 0, unknown: `${node.name} states no instances, so what it carries is unknown` };
  return { users: Math.floor(figures.usersPerInstance * component.instances.max * share) };
}

/** Users a database carries: its size's figure for the primary and each read replica. */
export function databaseCapacity(graph: Graph, node: Node): { users: number; unknown?: string } {
  const { component } = node;
  const figures = component.size
    ? sizeFigures(graph.doc.cloud, component.service, component.size)
    : undefined;
  if (!figures) return { users: 0, unknown: `${node.name} has no size, so what it carries is unknown` };
  return { users: figures.usersPerInstance * (1 + (component.readReplicas ?? 0)) };
}

/** The users the request path carries to the serving copies of the data in `serving`'s failure. */
export function pathCapacity(graph: Graph, serving: Serving): number {
  const sinks = new Set(serving.data.flatMap((d) => (d.copy ? [d.copy.component.id] : [])));
  const healthy = new Set(serving.healthy.map((n) => n.component.id));
  const usable = (node: Node) => !serving.fate(node).lost || sinks.has(node.component.id);
  const nodeCapacity = (node: Node): number => {
    if (!isCompute(node)) return Number.POSITIVE_INFINITY;
    if (!healthy.has(node.component.id)) return 0;
    const share = serving.fate(node).share * balancedShare(graph, node, serving);
    return computeCapacity(graph, node, share).users;
  };
  // Node splitting: `id:in` -> `id:out` carries the node's capacity; edges carry anything.
  const residual = new Map<string, Map<string, number>>();
  const add = (from: string, to: string, capacity: number) => {
    if (!residual.has(from)) residual.set(from, new Map());
    if (!residual.has(to)) residual.set(to, new Map());
    const forward = residual.get(from) as Map<string, number>;
    forward.set(to, (forward.get(to) ?? 0) + capacity);
    const back = residual.get(to) as Map<string, number>;
    if (!back.has(from)) back.set(from, 0);
  };
  for (const node of graph.nodes.values()) {
    if (usable(node)) add(`${node.component.id}:in`, `${node.component.id}:out`, nodeCapacity(node));
  }
  for (const edge of graph.requests) {
    const from = graph.nodes.get(edge.from);
    const to = graph.nodes.get(edge.to);
    if (!from || !to || !usable(from) || !usable(to)) continue;
    add(`${edge.from}:out`, `${edge.to}:in`, Number.POSITIVE_INFINITY);
  }
  for (const sink of sinks) add(`${sink}:out`, 'sink', Number.POSITIVE_INFINITY);
  return maxFlow(residual, `${graph.internet.component.id}:in`, 'sink');
}

/**
 * The share of a zonal compute tier's surviving zones its load balancers send traffic to. A zonal
 * load balancer (an ALB) routes only to targets in the zones it is enabled in, so instances in other
 * zones carry nothing; a tier reached by anything else (a global load balancer, DNS) uses every zone.
 */
export function balancedShare(graph: Graph, node: Node, serving: Serving): number {
  const zones = node.component.zones;
  if (!zones || zones.length === 0) return 1;
  const feeders = graph.previous(node.component.id, 'request').filter((n) => !serving.fate(n).lost);
  const zonal = feeders.filter((n) => n.entry.kind === 'regional-lb' && n.entry.scope === 'zonal');
  if (zonal.length === 0 || zonal.length < feeders.length) return 1;
  const lost = serving.failure.kind === 'zone' ? serving.failure.zone : undefined;
  const alive = zones.filter((z) => z !== lost);
  if (alive.length === 0) return 0;
  const served = new Set(zonal.flatMap((n) => n.component.zones ?? []));
  return alive.filter((z) => served.has(z)).length / alive.length;
}

/** Edmonds-Karp on a residual graph (mutated); infinite when an unbounded path exists. */
function maxFlow(residual: Map<string, Map<string, number>>, source: string, sink: string): number {
  let total = 0;
  for (;;) {
    const parent = new Map<string, string>([[source, source]]);
    const queue = [source];
    for (let at = queue.shift(); at !== undefined && !parent.has(sink); at = queue.shift()) {
      for (const [next, capacity] of residual.get(at) ?? []) {
        if (capacity > 0 && !parent.has(next)) {
          parent.set(next, at);
          queue.push(next);
        }
      }
    }
    if (!parent.has(sink)) return total;
    let bottleneck = Number.POSITIVE_INFINITY;
    for (let v = sink; v !== source; v = parent.get(v) as string) {
      bottleneck = Math.min(bottleneck, residual.get(parent.get(v) as string)?.get(v) ?? 0);
    }
    if (bottleneck === Number.POSITIVE_INFINITY) return bottleneck;
    for (let v = sink; v !== source; v = parent.get(v) as string) {
      const u = parent.get(v) as string;
      const forward = residual.get(u) as Map<string, number>;
      forward.set(v, (forward.get(v) ?? 0) - bottleneck);
      const back = residual.get(v) as Map<string, number>;
      back.set(u, (back.get(u) ?? 0) + bottleneck);
    }
    total += bottleneck;
  }
}
