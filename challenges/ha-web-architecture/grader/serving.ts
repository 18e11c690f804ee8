/**
 * Whether the design still serves in one failure: the users' requests (request edges from the
 * internet, through surviving components) reach healthy compute, and that compute reaches a
 * surviving copy of every system of record, recovered within the brief's RPO and RTO. Healthy compute
 * is compute that survives and, when it reads its credentials from secret stores, still has one.
 */
import type { Recovery } from './brief.ts';
import { minutes, PROMOTE, restore } from './brief.ts';
import type { Failure, Fate } from './failures.ts';
import { fateOf } from './failures.ts';
import type { Graph, Node } from './graph.ts';
import { isCompute, isSql, reach, systemsOfRecord } from './graph.ts';

/** How one system of record comes through the failure. */
export interface DataOutcome {
  readonly primary: Node;
  /** The copy that serves, and how it came back; undefined when none is left that compute reaches. */
  readonly copy?: Node;
  readonly recovery?: Recovery;
  /** When nothing serves it: a copy that survives but no serving compute reaches (none survives when absent). */
  readonly stranded?: Node;
}

export interface Serving {
  readonly failure: Failure;
  readonly fate: (node: Node) => Fate;
  /** Compute the users reach that survives with its credentials. */
  readonly healthy: readonly Node[];
  readonly data: readonly DataOutcome[];
}

interface Option {
  readonly copy: Node;
  readonly recovery: Recovery;
  /** Restores need no path yet (the instance is new); the RTO decides them. */
  readonly needsPath: boolean;
}

/** Evaluates the design in `failure`. */
export function serve(graph: Graph, failure: Failure): Serving {
  const fates = new Map([...graph.nodes.values()].map((n) => [n.component.id, fateOf(n, failure)]));
  const fate = (node: Node): Fate => fates.get(node.component.id) ?? fateOf(node, failure);
  const alive = (node: Node) => !fate(node).lost;
  const entry = reach(graph, [graph.internet.component.id], 'request', alive);
  const healthy = [...entry]
    .map((id) => graph.nodes.get(id))
    .filter((n): n is Node => n !== undefined && isCompute(n) && alive(n) && hasCredentials(graph, n, alive));
  // Everything healthy compute reaches through survivors (compute among them healthy too); a lost copy
  // (promoted in place) is reached when one of those has a request edge to it.
  const passable = (n: Node) => alive(n) && (!isCompute(n) || hasCredentials(graph, n, alive));
  const fromHealthy = reach(
    graph,
    healthy.map((n) => n.component.id),
    'request',
    passable,
  );
  const data = systemsOfRecord(graph).map((primary) => {
    const options = optionsFor(graph, primary, failure, fate);
    const reached = (copy: Node) =>
      fromHealthy.has(copy.component.id) ||
      [...fromHealthy].some((id) => graph.next(id, 'request').includes(copy));
    const usable = options.filter((o) => !o.needsPath || reached(o.copy));
    const [best] = usable.sort(
      (a, b) =>
        a.recovery.rtoMinutes - b.recovery.rtoMinutes || a.recovery.rpoMinutes - b.recovery.rpoMinutes,
    );
    if (best) return { primary, copy: best.copy, recovery: best.recovery };
    const stranded = options.find((o) => o.needsPath)?.copy;
    return stranded ? { primary, stranded } : { primary };
  });
  return { failure, fate, healthy, data };
}

function hasCredentials(graph: Graph, node: Node, alive: (n: Node) => boolean): boolean {
  const stores = graph
    .out(node.component.id)
    .map((e) => graph.nodes.get(e.to))
    .filter((n): n is Node => n?.entry.kind === 'secrets');
  // A compute tier with no secret store at all is the secrets check's business, not availability's.
  return stores.length === 0 || stores.some(alive);
}

/** Every way `primary`'s data can still be served in `failure`. */
function optionsFor(graph: Graph, primary: Node, failure: Failure, fate: (n: Node) => Fate): Option[] {
  const { component } = primary;
  const own = fate(primary);
  if (!own.lost) return [{ copy: primary, recovery: own.recovery, needsPath: true }];
  const options: Option[] = [];
  const zonesLeft =
    failure.kind === 'zone' ? (component.zones ?? []).filter((z) => z !== failure.zone).length : 1;
  if ((component.readReplicas ?? 0) > 0 && failure.kind !== 'region' && zonesLeft > 0) {
    options.push({ copy: primary, recovery: PROMOTE, needsPath: true });
  }
  for (const replica of replicasOf(graph, primary)) {
    if (!fate(replica).lost) options.push({ copy: replica, recovery: PROMOTE, needsPath: true });
  }
  const pointInTime = component.backups?.enabled === true && component.backups.pointInTime;
  const regionLost = failure.kind === 'region' && failure.region === component.region;
  if (component.backups?.enabled === true && !regionLost) {
    options.push({ copy: primary, recovery: restore(pointInTime), needsPath: false });
  }
  for (const store of graph.next(component.id, 'backup')) {
    if (store.entry.kind === 'object-storage' && !fate(store).lost) {
      options.push({ copy: store, recovery: restore(pointInTime), needsPath: false });
    }
  }
  return options;
}

/** Databases that receive `primary`'s data through replication edges, directly or down a chain. */
export function replicasOf(graph: Graph, primary: Node): Node[] {
  const ids = reach(graph, [primary.component.id], 'replication', isSql);
  ids.delete(primary.component.id);
  return [...ids].map((id) => graph.nodes.get(id)).filter((n): n is Node => n !== undefined);
}

/** How messages name a component: `web (Web tier)` by default, with its line in the checks. */
export type Namer = (node: Node) => string;
const byName: Namer = (node) => node.name;

/** Whether `outcome` is within `target`, and if not, why (naming the database and the brief's figures). */
export function dataVerdict(
  outcome: DataOutcome,
  target: { readonly rpoMinutes: number; readonly rtoMinutes: number },
  name: Namer = byName,
): string | undefined {
  const { recovery, primary, copy, stranded } = outcome;
  if (!recovery || !copy) {
    if (!stranded) return `nothing keeps a copy of ${name(primary)}`;
    if (stranded === primary)
      return `no surviving compute the users reach has a request path to ${name(primary)}`;
    return `${name(stranded)} holds a copy of ${name(primary)}, but no surviving compute the users reach has a request path to it`;
  }
  if (recovery.rpoMinutes <= target.rpoMinutes && recovery.rtoMinutes <= target.rtoMinutes) return undefined;
  const through = copy === primary ? name(primary) : `${name(primary)} through ${name(copy)}`;
  return `${through} ${recovery.how}: up to ${minutes(recovery.rpoMinutes)} of data lost and ${minutes(recovery.rtoMinutes)} to serve again, where the brief allows ${minutes(target.rpoMinutes)} and ${minutes(target.rtoMinutes)}`;
}

/** Every reason the design does not serve in `serving`'s failure within `target`; empty when it does. */
export function servingProblems(
  serving: Serving,
  target: { readonly rpoMinutes: number; readonly rtoMinutes: number },
  name: Namer = byName,
): string[] {
  if (serving.healthy.length === 0) {
    return ['no compute the users reach survives (with its secret store)'];
  }
  if (serving.data.length === 0) return ['the users reach no database that holds the data'];
  return serving.data.map((d) => dataVerdict(d, target, name)).filter((p): p is string => p !== undefined);
}
