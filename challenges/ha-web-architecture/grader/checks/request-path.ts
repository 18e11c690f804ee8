import type { Check } from '../check.ts';
import { outcome } from '../check.ts';
import { computeOnPath, databasesOnPath, requestPath, systemsOfRecord } from '../graph.ts';

/**
 * R1. The users' requests (request edges from the internet component) reach compute, and compute
 * reaches a database that is not a replica of another: the system of record. A cache or a queue is
 * not one: they lose their data on a restart or deliver it once. Half the credit for reaching compute.
 */
export const requestPathCheck: Check = {
  id: 'request-path',
  judge: ({ graph, at }) => {
    const compute = computeOnPath(graph);
    if (compute.length === 0) {
      const drawn = graph.internet.name;
      const onPath = new Set(requestPath(graph).map((n) => n.component.id));
      const blocked = graph.intoPrivate.filter((e) => onPath.has(e.from));
      const why =
        blocked.length > 0
          ? ` (request edge ${blocked.map((e) => `${e.id} to ${e.to}`).join(', ')} goes from the internet or DNS into a private network, which has no address they can reach: put a public load balancer in front)`
          : '';
      return outcome(
        0,
        `The users' requests reach no compute${why}: follow the request edges from ${drawn} to a load balancer and the instance group, containers or functions that serve them (R1).`,
      );
    }
    const records = systemsOfRecord(graph);
    if (records.length > 0) {
      return outcome(
        1,
        `The users' requests reach ${compute.map((n) => n.component.id).join(', ')} and the system of record ${records.map((n) => n.component.id).join(', ')} (R1).`,
      );
    }
    const databases = databasesOnPath(graph);
    const stores = requestPath(graph).filter((n) =>
      ['cache', 'queue', 'object-storage'].includes(n.entry.kind),
    );
    const why =
      databases.length > 0
        ? `every database it reaches (${databases.map(at).join('; ')}) is the target of a replication edge, a replica: draw the replication from the primary to its replica`
        : stores.length > 0
          ? `it reaches no database, only ${stores.map((n) => `${at(n)} (${n.entry.name})`).join('; ')}: a cache loses its data on a restart or a failover, a queue delivers it once, and the brief's data lives in a relational database`
          : 'it reaches no database';
    const onPath = new Set(requestPath(graph).map((n) => n.component.id));
    const dead = graph.deadEnds.filter((e) => onPath.has(e.from));
    const deadNote =
      dead.length > 0
        ? `; request edge ${dead.map((e) => `${e.id} (${e.from} to ${e.to})`).join(', ')} leaves a component that sends no requests (a queue, a bucket, a secret store, a database): draw the compute that does`
        : '';
    return outcome(
      0.5,
      `The users' requests reach ${compute.map((n) => n.component.id).join(', ')}, but no system of record: ${why}${deadNote} (R1).`,
    );
  },
};
