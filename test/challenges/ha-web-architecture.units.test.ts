import { describe, expect, it } from 'vitest';
import type { Architecture, Component, Edge } from '../../challenges/_lib/architecture/schema.ts';
import { architectureSchema } from '../../challenges/_lib/architecture/schema.ts';
import { FAILOVER, PEAK_USERS, PROMOTE, UP } from '../../challenges/ha-web-architecture/grader/brief.ts';
import { pathCapacity } from '../../challenges/ha-web-architecture/grader/capacity.ts';
import { estimate } from '../../challenges/ha-web-architecture/grader/cost.ts';
import type { Failure } from '../../challenges/ha-web-architecture/grader/failures.ts';
import {
  componentFailures,
  NO_FAILURE,
  regionFailures,
  zoneFailures,
} from '../../challenges/ha-web-architecture/grader/failures.ts';
import {
  buildGraph,
  computeOnPath,
  systemsOfRecord,
} from '../../challenges/ha-web-architecture/grader/graph.ts';
import { serve, servingProblems } from '../../challenges/ha-web-architecture/grader/serving.ts';

// Small designs, each checked by the shared schema first, so the units see only what the grader would.
const E = 'us-east-1';
const W = 'us-west-2';
const ZE = ['us-east-1a', 'us-east-1b', 'us-east-1c'];
const ZW = ['us-west-2a', 'us-west-2b', 'us-west-2c'];
const BACKUPS = { enabled: true, retentionDays: 7, pointInTime: true };

const c = (id: string, service: string, extra: Partial<Component> = {}): Component => ({
  id,
  service,
  label: id,
  ...extra,
});
const r = (from: string, to: string, kind: Edge['kind'] = 'request'): Edge => ({
  id: `${from}-${to}-${kind}`,
  from,
  to,
  kind,
});
const web = (id: string, region: string, zones: string[], min: number, max: number) =>
  c(id, 'ec2-asg', { region, zones, network: 'private', instances: { min, max }, size: 'm7g.2xlarge' });
const db = (id: string, region: string, zones: string[], extra: Partial<Component> = {}) =>
  c(id, 'rds-postgres', { region, zones, network: 'private', size: 'db.r7g.4xlarge', ...extra });

function design(components: Component[], edges: Edge[], regions = [E]): Architecture {
  return architectureSchema.parse({
    version: 1,
    cloud: 'aws',
    regions,
    components: [c('users', 'internet'), ...components],
    edges,
  });
}

/** One region: users -> alb -> web -> db, the database Multi-AZ unless told otherwise. */
function oneRegion(dbExtra: Partial<Component> = { ha: true, backups: BACKUPS }, webZones = ZE, min = 2) {
  return design(
    [
      c('alb', 'alb', { region: E, zones: ZE, network: 'public' }),
      web('web', E, webZones, min, 150),
      db('db', E, ZE.slice(0, 2), dbExtra),
    ],
    [r('users', 'alb'), r('alb', 'web'), r('web', 'db')],
  );
}

/** Two regions behind Route 53, the west database a replica of the east one. */
function twoRegions(replication: Edge['kind'] | 'none' = 'replication', westDbRegion = W) {
  const edges = [
    r('users', 'dns'),
    r('dns', 'alb-e'),
    r('dns', 'alb-w'),
    r('alb-e', 'web-e'),
    r('alb-w', 'web-w'),
    r('web-e', 'db-e'),
    r('web-w', 'db-w'),
  ];
  if (replication !== 'none')
    edges.push(r('db-e', replication === 'backup' ? 'bucket' : 'db-w', replication));
  const westZones = westDbRegion === W ? ZW.slice(0, 1) : ZE.slice(2);
  return design(
    [
      c('dns', 'route53'),
      c('alb-e', 'alb', { region: E, zones: ZE, network: 'public' }),
      c('alb-w', 'alb', { region: W, zones: ZW, network: 'public' }),
      web('web-e', E, ZE, 3, 150),
      web('web-w', W, ZW, 3, 100),
      db('db-e', E, ZE.slice(0, 2), { ha: true, readReplicas: 2, backups: BACKUPS }),
      db('db-w', westDbRegion, westZones, { readReplicas: 2 }),
      c('bucket', 's3', { region: W, publicAccess: false }),
    ],
    edges,
    [E, W],
  );
}

const zone = (z: string, region = E): Failure => ({ kind: 'zone', region, zone: z });
const region = (name: string): Failure => ({ kind: 'region', region: name });

describe('single points of failure on small graphs', () => {
  it('finds a database without managed failover and compute that may run as one instance', () => {
    const graph = buildGraph(oneRegion({ backups: BACKUPS }, ZE, 1));
    expect(componentFailures(graph).map((f) => (f.kind === 'component' ? f.id : ''))).toEqual(['web', 'db']);
  });

  it('finds none in a Multi-AZ database and compute of two instances or more', () => {
    expect(componentFailures(buildGraph(oneRegion()))).toEqual([]);
  });

  it('ignores a single instance that is not on the users path', () => {
    const doc = oneRegion();
    const graph = buildGraph({ ...doc, components: [...doc.components, web('batch', E, ZE, 0, 4)] });
    expect(componentFailures(graph)).toEqual([]);
  });
});

describe('zone loss', () => {
  it('fails a Multi-AZ database over to its standby: RPO 0, RTO 2 min', () => {
    const graph = buildGraph(oneRegion());
    const serving = serve(graph, zone('us-east-1a'));
    expect(serving.data[0]?.recovery).toEqual(FAILOVER);
    expect(servingProblems(serving, { rpoMinutes: 0, rtoMinutes: 5 })).toEqual([]);
    expect(serve(graph, zone('us-east-1c')).data[0]?.recovery).toEqual(UP);
  });

  it('loses a single-zone database with its zone, and a restore from backup misses the RTO', () => {
    const graph = buildGraph(oneRegion({ ha: true, backups: BACKUPS }, ZE));
    const doc = graph.doc;
    const single = buildGraph({
      ...doc,
      components: doc.components.map((x) => (x.id === 'db' ? { ...x, zones: ['us-east-1a'] } : x)),
    });
    const problems = servingProblems(serve(single, zone('us-east-1a')), { rpoMinutes: 0, rtoMinutes: 5 });
    expect(problems).toEqual([
      'db (db) restores a backup to a point in time: up to 5 min of data lost and 4 h to serve again, where the brief allows 0 and 5 min',
    ]);
  });

  it('stops the service when the only compute runs in the lost zone', () => {
    const graph = buildGraph(oneRegion(undefined, ['us-east-1b']));
    expect(servingProblems(serve(graph, zone('us-east-1b')), { rpoMinutes: 0, rtoMinutes: 5 })).toEqual([
      'no compute the users reach survives (with its secret store)',
    ]);
    expect(zoneFailures(graph).map((f) => (f.kind === 'zone' ? f.zone : ''))).toEqual(ZE);
  });

  it('counts the zones any component runs in, and no others', () => {
    const graph = buildGraph(oneRegion(undefined, ['us-east-1a', 'us-east-1b']));
    expect(zoneFailures(graph)).toHaveLength(3); // the ALB still lists all three
  });
});

describe('region loss', () => {
  it('promotes a cross-region replica: RPO 1 min, RTO 30 min, within the region targets', () => {
    const graph = buildGraph(twoRegions());
    const serving = serve(graph, region(E));
    expect(serving.data[0]).toMatchObject({ copy: { component: { id: 'db-w' } }, recovery: PROMOTE });
    expect(servingProblems(serving, { rpoMinutes: 15, rtoMinutes: 60 })).toEqual([]);
  });

  it('finds no copy when the second region has a database but no data path to it', () => {
    const serving = serve(buildGraph(twoRegions('none')), region(E));
    expect(servingProblems(serving, { rpoMinutes: 15, rtoMinutes: 60 })).toEqual([
      'nothing keeps a copy of db-e (db-e)',
    ]);
  });

  it('restores cross-region backups only in 4 h, over the region RTO', () => {
    const serving = serve(buildGraph(twoRegions('backup')), region(E));
    expect(serving.data[0]?.recovery?.rtoMinutes).toBe(240);
    expect(servingProblems(serving, { rpoMinutes: 15, rtoMinutes: 60 })).toHaveLength(1);
  });

  it('loses a "DR" replica that sits in the same region as its primary', () => {
    const graph = buildGraph(twoRegions('replication', E));
    expect(servingProblems(serve(graph, region(E)), { rpoMinutes: 15, rtoMinutes: 60 })).toEqual([
      'nothing keeps a copy of db-e (db-e)',
    ]);
  });

  it('lists only the regions that hold a component', () => {
    const graph = buildGraph({ ...oneRegion(), regions: [E, W] });
    expect(regionFailures(graph)).toEqual([region(E)]);
  });

  it('takes the primary, not the replica, as the system of record', () => {
    expect(systemsOfRecord(buildGraph(twoRegions())).map((n) => n.component.id)).toEqual(['db-e']);
  });

  it('follows no request edge out of a component that sends none (a queue, a secret store, a database)', () => {
    for (const [service, extra] of [
      ['sqs', {}],
      ['secrets-manager', {}],
      ['s3', { publicAccess: false }],
    ] as const) {
      const doc = oneRegion();
      const graph = buildGraph({
        ...doc,
        components: [...doc.components, c('via', service, { region: E, ...extra })],
        edges: [...doc.edges.filter((e) => e.id !== 'web-db-request'), r('web', 'via'), r('via', 'db')],
      });
      expect(systemsOfRecord(graph)).toEqual([]);
      expect(graph.deadEnds.map((e) => e.id)).toEqual(['via-db-request']);
    }
  });

  it('follows no request edge from the internet or DNS into a private network', () => {
    const doc = oneRegion();
    const internal = buildGraph({
      ...doc,
      components: doc.components.map((x) => (x.id === 'alb' ? { ...x, network: 'private' as const } : x)),
    });
    expect(computeOnPath(internal)).toEqual([]);
    expect(internal.intoPrivate.map((e) => e.id)).toEqual(['users-alb-request']);
    const direct = buildGraph({ ...doc, edges: [...doc.edges, r('users', 'web')] });
    expect(direct.intoPrivate.map((e) => e.id)).toEqual(['users-web-request']);
    expect(computeOnPath(direct).map((n) => n.component.id)).toEqual(['web']);
  });
});

describe('credentials', () => {
  it('passes no request through compute whose every secret store is lost', () => {
    const graph = buildGraph(
      design(
        [
          c('dns', 'route53'),
          c('alb', 'alb', { region: E, zones: ZE, network: 'public' }),
          web('front', E, ZE, 2, 30),
          web('back', E, ZE, 2, 30),
          db('db', E, ZE.slice(0, 2), { ha: true }),
          c('sm', 'secrets-manager', { region: W }),
          c('bucket', 's3', { region: W, publicAccess: false }),
        ],
        [
          r('users', 'dns'),
          r('dns', 'alb'),
          r('alb', 'front'),
          r('front', 'back'),
          r('back', 'db'),
          r('back', 'sm'),
        ],
        [E, W],
      ),
    );
    expect(servingProblems(serve(graph, NO_FAILURE), { rpoMinutes: 0, rtoMinutes: 5 })).toEqual([]);
    expect(servingProblems(serve(graph, region(W)), { rpoMinutes: 0, rtoMinutes: 5 })).toEqual([
      'no surviving compute the users reach has a request path to db (db)',
    ]);
  });
});

describe('capacity', () => {
  it('carries max times users per instance, and loses the lost zone share rounded up', () => {
    const graph = buildGraph(oneRegion());
    expect(pathCapacity(graph, serve(graph, NO_FAILURE))).toBe(150 * 10_000);
    expect(pathCapacity(graph, serve(graph, zone('us-east-1a')))).toBe(100 * 10_000);
  });

  it('adds tiers side by side (two regions both reaching the primary) but not tiers in a row', () => {
    const doc = twoRegions();
    const sideBySide = buildGraph({ ...doc, edges: [...doc.edges, r('web-w', 'db-e')] });
    expect(pathCapacity(sideBySide, serve(sideBySide, NO_FAILURE))).toBe(250 * 10_000);
    const inRow = buildGraph(
      design(
        [
          c('alb', 'alb', { region: E, zones: ZE, network: 'public' }),
          web('front', E, ZE, 2, 30),
          web('back', E, ZE, 2, 20),
          db('db', E, ZE.slice(0, 2), { ha: true }),
        ],
        [r('users', 'alb'), r('alb', 'front'), r('front', 'back'), r('back', 'db')],
      ),
    );
    expect(pathCapacity(inRow, serve(inRow, NO_FAILURE))).toBe(20 * 10_000);
  });

  it('counts only the zones an ALB is enabled in', () => {
    const doc = oneRegion();
    const narrow = buildGraph({
      ...doc,
      components: doc.components.map((x) => (x.id === 'alb' ? { ...x, zones: ZE.slice(0, 2) } : x)),
    });
    expect(pathCapacity(narrow, serve(narrow, NO_FAILURE))).toBe(100 * 10_000);
  });

  it('after a region loss, carries only what the surviving region reaches', () => {
    const graph = buildGraph(twoRegions());
    expect(pathCapacity(graph, serve(graph, region(E)))).toBe(PEAK_USERS);
  });
});

describe('cost', () => {
  it('prices compute at max, a database with its standby and replicas, and per-use charges on the whole peak', () => {
    const { totalUsd, lines } = estimate(
      buildGraph(oneRegion({ ha: true, readReplicas: 1, backups: BACKUPS })),
    );
    const byId = Object.fromEntries(lines.map((l) => [l.node.component.id, l.usd]));
    expect(byId).toEqual({ alb: 17 + 2_000, web: 150 * 240, db: 3 * 1_520 });
    expect(totalUsd).toBe(2_017 + 36_000 + 4_560);
  });

  it('cannot price a sized service without a size', () => {
    const doc = oneRegion();
    const graph = buildGraph({
      ...doc,
      components: doc.components.map((x) => (x.id === 'web' ? { ...x, size: undefined } : x)),
    });
    expect(estimate(graph).unknown).toEqual(['web (web) has no size, so it cannot be priced']);
  });
});
