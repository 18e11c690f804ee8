/**
 * The design as a graph the checks can ask questions of: each component with its palette entry,
 * the edges by kind, and the users' request path (request edges from the `internet` component).
 * Built once per grading from a document the schema accepted, so every id resolves.
 */
import type { ComponentKind, ServiceEntry } from '../../_lib/architecture/catalogue.ts';
import { serviceOf } from '../../_lib/architecture/catalogue.ts';
import type { Architecture, Component, Edge, EdgeKind } from '../../_lib/architecture/schema.ts';

export const COMPUTE_KINDS: readonly ComponentKind[] = ['instance-group', 'containers', 'functions'];
/** Kinds that hold data: what must never be reachable from the internet. */
export const STATEFUL_KINDS: readonly ComponentKind[] = ['sql', 'cache', 'object-storage'];
/**
 * Kinds that pass the users' requests on (the brief's path: DNS, a CDN, load balancers, compute, a
 * cache). A database, a queue, a bucket, a secret store or a monitoring service answers or stores
 * what it gets and sends no request further: a request edge out of one is not followed.
 */
export const FORWARDING_KINDS: readonly ComponentKind[] = [
  'users',
  'dns',
  'cdn',
  'global-lb',
  'regional-lb',
  'instance-group',
  'containers',
  'functions',
  'cache',
];

export interface Node {
  readonly component: Component;
  readonly entry: ServiceEntry;
  /** `web (Web tier)`: how messages name it. */
  readonly name: string;
}

export interface Graph {
  readonly doc: Architecture;
  readonly nodes: ReadonlyMap<string, Node>;
  readonly internet: Node;
  /** Targets of the edges of `kind` leaving `id` (shared: never change the list). */
  next(id: string, kind: EdgeKind): readonly Node[];
  /** Sources of the edges of `kind` reaching `id` (shared: never change the list). */
  previous(id: string, kind: EdgeKind): readonly Node[];
  /** Every edge leaving `id`, whatever its kind (shared: never change the list). */
  out(id: string): readonly Edge[];
  /** The request edges the users' requests can follow: those leaving a component that forwards them. */
  readonly requests: readonly Edge[];
  /** Request edges drawn out of a component that sends no requests (a queue, a database): never followed. */
  readonly deadEnds: readonly Edge[];
  /** Request edges from the internet or DNS into a private network, which they have no route into: never followed. */
  readonly intoPrivate: readonly Edge[];
}

/** Kinds whose requests come from the public internet: what they send to must have a public address. */
export const INTERNET_FACING: readonly ComponentKind[] = ['users', 'dns'];

export const isCompute = (node: Node): boolean => COMPUTE_KINDS.includes(node.entry.kind);
export const isSql = (node: Node): boolean => node.entry.kind === 'sql';
export const isStateful = (node: Node): boolean => STATEFUL_KINDS.includes(node.entry.kind);
export const forwards = (node: Node): boolean => FORWARDING_KINDS.includes(node.entry.kind);

/** The graph of a schema-valid document. */
export function buildGraph(doc: Architecture): Graph {
  const nodes = new Map<string, Node>();
  for (const component of doc.components) {
    const entry = serviceOf(doc.cloud, component.service);
    // The schema refused unknown services; a miss here is a grader bug, not the candidate's.
    if (!entry) throw new Error(`${component.service} is not in the ${doc.cloud} palette`);
    nodes.set(component.id, { component, entry, name: `${component.id} (${component.label})` });
  }
  const internet = [...nodes.values()].find((n) => n.entry.kind === 'users');
  if (!internet) throw new Error('the schema guarantees one internet component');
  const node = (id: string): Node => {
    const found = nodes.get(id);
    if (!found) throw new Error(`edge end ${id} is no component`);
    return found;
  };
  // Adjacency once, so a walk costs the edges it follows, not all of them at every step.
  const outgoing = new Map<string, Edge[]>();
  const forward = new Map<string, Node[]>();
  const backward = new Map<string, Node[]>();
  const push = <T>(map: Map<string, T[]>, key: string, value: T) => {
    const list = map.get(key);
    if (list) list.push(value);
    else map.set(key, [value]);
  };
  const requests: Edge[] = [];
  const deadEnds: Edge[] = [];
  const intoPrivate: Edge[] = [];
  for (const edge of doc.edges) {
    push(outgoing, edge.from, edge);
    if (edge.kind === 'request') {
      const from = node(edge.from);
      if (!forwards(from)) {
        deadEnds.push(edge);
        continue;
      }
      // DNS answers with addresses the internet routes to; a private subnet has none.
      if (INTERNET_FACING.includes(from.entry.kind) && node(edge.to).component.network === 'private') {
        intoPrivate.push(edge);
        continue;
      }
      requests.push(edge);
    }
    push(forward, `${edge.from} ${edge.kind}`, node(edge.to));
    push(backward, `${edge.to} ${edge.kind}`, node(edge.from));
  }
  const none: readonly never[] = [];
  return {
    doc,
    nodes,
    internet,
    next: (id, kind) => forward.get(`${id} ${kind}`) ?? none,
    previous: (id, kind) => backward.get(`${id} ${kind}`) ?? none,
    out: (id) => outgoing.get(id) ?? none,
    requests,
    deadEnds,
    intoPrivate,
  };
}

/**
 * Ids reachable from `start` over edges of `kind`, entering only nodes `through` allows (the start
 * is always included) and going no further than nodes `stopAt` names.
 */
export function reach(
  graph: Graph,
  start: readonly string[],
  kind: EdgeKind,
  through: (node: Node) => boolean = () => true,
  stopAt: (node: Node) => boolean = () => false,
): Set<string> {
  const seen = new Set(start);
  const queue = [...start];
  for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
    const here = graph.nodes.get(id);
    if (here && !start.includes(id) && stopAt(here)) continue;
    for (const next of graph.next(id, kind)) {
      const nextId = next.component.id;
      if (seen.has(nextId) || !through(next)) continue;
      seen.add(nextId);
      queue.push(nextId);
    }
  }
  return seen;
}

/** The components the users' requests reach when nothing has failed. */
export function requestPath(graph: Graph): Node[] {
  return [...reach(graph, [graph.internet.component.id], 'request')]
    .map((id) => graph.nodes.get(id))
    .filter((n): n is Node => n !== undefined);
}

/** Compute tiers on the users' request path. */
export function computeOnPath(graph: Graph): Node[] {
  return requestPath(graph).filter(isCompute);
}

/**
 * The systems of record: databases the request path reaches through compute that are not replicas
 * of another database (the target of a replication edge). Each must survive every failure.
 */
export function systemsOfRecord(graph: Graph): Node[] {
  const compute = computeOnPath(graph).map((n) => n.component.id);
  const fromCompute = reach(graph, compute, 'request');
  return [...fromCompute]
    .map((id) => graph.nodes.get(id))
    .filter((n): n is Node => n !== undefined && isSql(n))
    .filter((n) => !graph.previous(n.component.id, 'replication').some(isSql));
}

/** Databases the request path reaches through compute (primaries and replicas alike). */
export function databasesOnPath(graph: Graph): Node[] {
  const compute = computeOnPath(graph).map((n) => n.component.id);
  return [...reach(graph, compute, 'request')]
    .map((id) => graph.nodes.get(id))
    .filter((n): n is Node => n !== undefined && isSql(n));
}
