/**
 * Mutation operators for architecture designs (architecture.json): each makes one change a reviewer
 * of a highly available design would reject — a zone dropped, autoscaling pinned, failover or backups
 * turned off, something stateful made public, an edge removed or turned into another kind, a
 * component moved to another region or shrunk, a component removed. Every mutant is still a design
 * the schema accepts, so the grader must judge it, not refuse it.
 *
 * Ids are `<operator> architecture.json <component or edge id> <change>`, in document order.
 */
import { REGIONS, serviceOf } from '../../../challenges/_lib/architecture/catalogue.ts';
import type { MutationOperator } from '../types.ts';
import {
  componentOperator,
  type DesignComponent,
  designMutant,
  designOperator,
  rewriteComponent,
  rewriteDesign,
} from './architecture-source.ts';

const COMPUTE = ['instance-group', 'containers', 'functions'];
const kindOf = (cloud: 'aws' | 'gcp', c: DesignComponent) => serviceOf(cloud, c.service)?.kind;

const dropZone = componentOperator(
  'architecture.drop-zone',
  'removes one zone from a component that runs in several',
  (component, site, files) =>
    (component.zones ?? []).length < 2
      ? []
      : (component.zones ?? []).map((zone) =>
          designMutant(
            'architecture.drop-zone',
            site,
            `${component.id} zones -${zone}`,
            `${component.id} no longer runs in ${zone}`,
            rewriteComponent(files, site, component.id, (c) => {
              c.zones = (c.zones ?? []).filter((z) => z !== zone);
            }),
          ),
        ),
);

/** One mutant per compute component with an instance range, changed by `change` (undefined: none). */
function instancesOperator(
  name: string,
  description: string,
  change: (range: { min: number; max: number }) => { min: number; max: number } | undefined,
): MutationOperator {
  return componentOperator(name, description, (component, site, files) => {
    const range = component.instances;
    if (!range || !COMPUTE.includes(kindOf(site.design.cloud, component) ?? '')) return [];
    const next = change(range);
    if (!next || (next.min === range.min && next.max === range.max)) return [];
    return [
      designMutant(
        name,
        site,
        `${component.id} instances = ${next.min}..${next.max}`,
        `${component.id} scales between ${next.min} and ${next.max} instances (was ${range.min}..${range.max})`,
        rewriteComponent(files, site, component.id, (c) => {
          c.instances = next;
        }),
      ),
    ];
  });
}

const pinInstances = instancesOperator(
  'architecture.pin-instances',
  'sets a compute tier min to its max: no autoscaling',
  (r) => (r.min < r.max ? { min: r.max, max: r.max } : undefined),
);
const lowerMin = instancesOperator(
  'architecture.lower-min',
  'lets a compute tier run as one instance (min 1)',
  (r) => (r.min >= 2 ? { min: 1, max: r.max } : undefined),
);
const shrinkMax = instancesOperator('architecture.shrink-max', 'halves a compute tier max', (r) => {
  const max = Math.max(1, Math.ceil(r.max / 2));
  return { min: Math.min(r.min, max), max };
});
const growMax = instancesOperator('architecture.grow-max', 'triples a compute tier max', (r) => ({
  min: r.min,
  max: Math.min(100_000, r.max * 3),
}));

const disableHa = componentOperator(
  'architecture.disable-ha',
  'turns managed failover (ha) off',
  (component, site, files) =>
    component.ha !== true
      ? []
      : [
          designMutant(
            'architecture.disable-ha',
            site,
            `${component.id} ha = false`,
            `${component.id} has no managed failover`,
            rewriteComponent(files, site, component.id, (c) => {
              c.ha = false;
            }),
          ),
        ],
);

const dropReadReplica = componentOperator(
  'architecture.drop-read-replica',
  'removes one read replica of a database',
  (component, site, files) =>
    (component.readReplicas ?? 0) < 1
      ? []
      : [
          designMutant(
            'architecture.drop-read-replica',
            site,
            `${component.id} readReplicas = ${(component.readReplicas ?? 0) - 1}`,
            `${component.id} has one read replica fewer`,
            rewriteComponent(files, site, component.id, (c) => {
              c.readReplicas = (c.readReplicas ?? 1) - 1;
            }),
          ),
        ],
);

const weakenBackups = componentOperator(
  'architecture.weaken-backups',
  'turns backups off, keeps them 0 or 6 days, or drops point-in-time recovery',
  (component, site, files) => {
    const backups = component.backups;
    if (!backups?.enabled) return [];
    const variants: [string, typeof backups][] = [
      ['enabled = false', { ...backups, enabled: false }],
      ['retentionDays = 0', { ...backups, retentionDays: 0 }],
      ['retentionDays = 6', { ...backups, retentionDays: 6 }],
      ['pointInTime = false', { ...backups, pointInTime: false }],
    ];
    return variants
      .filter(([, next]) => JSON.stringify(next) !== JSON.stringify(backups))
      .map(([change, next]) =>
        designMutant(
          'architecture.weaken-backups',
          site,
          `${component.id} backups.${change}`,
          `${component.id} backups.${change}`,
          rewriteComponent(files, site, component.id, (c) => {
            c.backups = next;
          }),
        ),
      );
  },
);

const makePublic = componentOperator(
  'architecture.make-public',
  'puts a component in a public network, opens a bucket, or leaves either unstated',
  (component, site, files) => {
    const changes: [string, (c: DesignComponent) => void][] = [];
    if (component.network === 'private') {
      changes.push(['network = public', (c) => (c.network = 'public')]);
      changes.push(['network unstated', (c) => delete c.network]);
    }
    if (component.publicAccess === false) {
      changes.push(['publicAccess = true', (c) => (c.publicAccess = true)]);
      changes.push(['publicAccess unstated', (c) => delete c.publicAccess]);
    }
    return changes.map(([change, edit]) =>
      designMutant(
        'architecture.make-public',
        site,
        `${component.id} ${change}`,
        `${component.id}: ${change}`,
        rewriteComponent(files, site, component.id, edit),
      ),
    );
  },
);

const moveRegion = componentOperator(
  'architecture.move-region',
  "moves a component to another of the design's regions (its zones to that region's)",
  (component, site, files) => {
    const { region } = component;
    if (region === undefined) return [];
    return site.design.regions
      .filter((other) => other !== region)
      .map((other) =>
        designMutant(
          'architecture.move-region',
          site,
          `${component.id} region = ${other}`,
          `${component.id} moved from ${region} to ${other}`,
          rewriteComponent(files, site, component.id, (c) => {
            const from = REGIONS[site.design.cloud][region] ?? [];
            const to = REGIONS[site.design.cloud][other] ?? [];
            c.region = other;
            if (c.zones) c.zones = c.zones.map((z) => to[from.indexOf(z)] ?? to[0] ?? z);
          }),
        ),
      );
  },
);

const shrinkSize = componentOperator(
  'architecture.shrink-size',
  'gives a component the smallest size of its service',
  (component, site, files) => {
    const smallest = serviceOf(site.design.cloud, component.service)?.sizes[0];
    if (component.size === undefined || smallest === undefined || smallest === component.size) return [];
    return [
      designMutant(
        'architecture.shrink-size',
        site,
        `${component.id} size = ${smallest}`,
        `${component.id} shrunk from ${component.size} to ${smallest}`,
        rewriteComponent(files, site, component.id, (c) => {
          c.size = smallest;
        }),
      ),
    ];
  },
);

const dropComponent = componentOperator(
  'architecture.drop-component',
  'removes a component and every edge to or from it',
  (component, site, files) =>
    component.service === 'internet'
      ? []
      : [
          designMutant(
            'architecture.drop-component',
            site,
            component.id,
            `${component.id} removed, with its edges`,
            rewriteDesign(files, site, (d) => {
              d.components = d.components.filter((c) => c.id !== component.id);
              d.edges = d.edges.filter((e) => e.from !== component.id && e.to !== component.id);
            }),
          ),
        ],
);

const dropEdge = designOperator('architecture.drop-edge', 'removes one edge', (site, files) =>
  site.design.edges.map((edge) =>
    designMutant(
      'architecture.drop-edge',
      site,
      `edge ${edge.id}`,
      `edge ${edge.id} (${edge.from} to ${edge.to}, ${edge.kind}) removed`,
      rewriteDesign(files, site, (d) => {
        d.edges = d.edges.filter((e) => e.id !== edge.id);
      }),
    ),
  ),
);

/** The kind an edge is mistaken for: a request drawn as a message, a replica drawn as a backup. */
const MISTAKEN: Readonly<Record<string, string>> = {
  request: 'async',
  async: 'request',
  replication: 'backup',
  backup: 'replication',
};

const changeEdgeKind = designOperator(
  'architecture.change-edge-kind',
  'turns an edge into another kind (request and async, replication and backup)',
  (site, files) =>
    site.design.edges.flatMap((edge) => {
      const kind = MISTAKEN[edge.kind];
      if (!kind) return [];
      return [
        designMutant(
          'architecture.change-edge-kind',
          site,
          `edge ${edge.id} kind = ${kind}`,
          `edge ${edge.id} (${edge.from} to ${edge.to}) is ${kind}, not ${edge.kind}`,
          rewriteDesign(files, site, (d) => {
            for (const e of d.edges) if (e.id === edge.id) e.kind = kind;
          }),
        ),
      ];
    }),
);

const reverseEdge = designOperator(
  'architecture.reverse-edge',
  'reverses a replication or backup edge',
  (site, files) =>
    site.design.edges
      .filter((edge) => edge.kind === 'replication' || edge.kind === 'backup')
      .map((edge) =>
        designMutant(
          'architecture.reverse-edge',
          site,
          `edge ${edge.id} reversed`,
          `edge ${edge.id} now runs from ${edge.to} to ${edge.from}`,
          rewriteDesign(files, site, (d) => {
            for (const e of d.edges) if (e.id === edge.id) [e.from, e.to] = [edge.to, edge.from];
          }),
        ),
      ),
);

export const operators: readonly MutationOperator[] = [
  dropZone,
  pinInstances,
  lowerMin,
  shrinkMax,
  growMax,
  disableHa,
  dropReadReplica,
  weakenBackups,
  makePublic,
  moveRegion,
  shrinkSize,
  dropComponent,
  dropEdge,
  changeEdgeKind,
  reverseEdge,
];
