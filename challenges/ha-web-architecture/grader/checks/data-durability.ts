import type { Finding } from '../../../_lib/grader-kit/findings.ts';
import { MIN_RETENTION_DAYS } from '../brief.ts';
import type { Check } from '../check.ts';
import { outcome } from '../check.ts';
import { computeOnPath, reach, requestPath, systemsOfRecord } from '../graph.ts';
import { judgeFindings } from './findings.ts';

/**
 * R5. Every system of record runs with managed failover to a standby in another zone, and keeps
 * backups with point-in-time recovery for at least 7 days; every cache the compute uses fails over
 * across zones too. Replicas in another region need neither until promoted. Partial credit: the
 * share of those properties that hold.
 */
export const dataDurabilityCheck: Check = {
  id: 'data-durability',
  judge: ({ graph, at }) => {
    const records = systemsOfRecord(graph);
    if (records.length === 0) {
      const caches = requestPath(graph).filter((n) => n.entry.kind === 'cache');
      const only = caches.length > 0 ? `: ${caches.map(at).join('; ')} is a cache, not a durable copy` : '';
      return outcome(0, `No database holds the users' data on their request path${only} (R5).`);
    }
    const findings: Finding[] = records.flatMap((node) => {
      const { ha, zones = [], backups } = node.component;
      const where = at(node);
      return [
        {
          ok: ha === true && zones.length >= 2,
          text:
            ha === true && zones.length >= 2
              ? `${where} fails over to a standby in another zone (R5)`
              : `${where} ${ha === true ? `runs its standby in the same zone (${zones.join(', ')})` : 'has no managed failover (ha)'}, where the brief wants a standby in another zone (R5)`,
        },
        {
          ok: backups?.enabled === true,
          text: `${where} ${backups?.enabled === true ? 'keeps automated backups' : 'keeps no automated backups'} (R5)`,
        },
        {
          ok: backups?.enabled === true && backups.retentionDays >= MIN_RETENTION_DAYS,
          text: `${where} keeps backups for ${backups?.enabled === true ? backups.retentionDays : 0} days, for at least ${MIN_RETENTION_DAYS} (R5)`,
        },
        {
          ok: backups?.enabled === true && backups.pointInTime,
          text: `${where} ${backups?.enabled === true && backups.pointInTime ? 'has' : 'has no'} point-in-time recovery (R5)`,
        },
      ];
    });
    const compute = computeOnPath(graph).map((n) => n.component.id);
    const caches = [...reach(graph, compute, 'request')]
      .map((id) => graph.nodes.get(id))
      .filter((n) => n?.entry.kind === 'cache');
    for (const cache of caches) {
      if (!cache) continue;
      const { ha, zones = [], instances } = cache.component;
      // Failover needs a replica node: a stated count whose minimum is one node has nothing to fail over to.
      const oneNode = instances !== undefined && instances.min < 2;
      const ok = ha === true && zones.length >= 2 && !oneNode;
      const why = oneNode
        ? `may run as ${instances.min === 0 ? 'no node' : 'one node'} (instances.min ${instances.min}), so it has no replica to fail over to`
        : 'does not fail over to another zone (ha and two zones)';
      findings.push({ ok, text: `${at(cache)} ${ok ? 'fails over across zones' : why} (R5)` });
    }
    return judgeFindings(
      findings,
      'Every system of record fails over across zones and keeps 7 days of point-in-time backups; caches fail over too (R5).',
      'The data tier does not fail over across zones or keep the backups the brief asks for (R5).',
    );
  },
};
