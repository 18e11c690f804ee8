import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { gradeWorkspace } from '../../challenges/ha-web-architecture/grader/grade-workspace.ts';

/**
 * Designs generated from a seed across the space the brief describes, each graded and compared with
 * what the brief's rules say by hand (the oracle below, written from BRIEF.md, not from the grader):
 * two regions behind Route 53, each an ALB, an EC2 tier and a database, with zones, instance ranges,
 * sizes, failover, replication and routing drawn at random, maxima chosen around the thresholds.
 */
const PEAK = 1_000_000;
const BUDGET = 120_000;
const ZE = ['us-east-1a', 'us-east-1b', 'us-east-1c'];
const ZW = ['us-west-2a', 'us-west-2b', 'us-west-2c'];
const SIZES = { 'm7g.large': [2_500, 60], 'm7g.xlarge': [5_000, 120], 'm7g.2xlarge': [10_000, 240] } as const;
type Size = keyof typeof SIZES;

interface Tier {
  zones: number;
  min: number;
  max: number;
  size: Size;
  albZones: number;
}
interface Scenario {
  east: Tier;
  west: Tier;
  dbZones: number;
  ha: boolean;
  readReplicas: number;
  replicaReplicas: number;
  replication: boolean;
  routedWest: boolean;
  retention: number;
}

const tier = fc.record({
  zones: fc.integer({ min: 1, max: 3 }),
  min: fc.integer({ min: 1, max: 4 }),
  // Around 100 and 150 instances of the largest size: the peak with and without a zone's headroom.
  max: fc.oneof(
    fc.integer({ min: 95, max: 155 }),
    fc.integer({ min: 190, max: 310 }),
    fc.integer({ min: 380, max: 420 }),
  ),
  size: fc.constantFrom<Size>('m7g.large', 'm7g.xlarge', 'm7g.2xlarge'),
  albZones: fc.integer({ min: 2, max: 3 }),
});
const scenario: fc.Arbitrary<Scenario> = fc.record({
  east: tier,
  west: tier,
  dbZones: fc.integer({ min: 1, max: 2 }),
  ha: fc.boolean(),
  readReplicas: fc.integer({ min: 1, max: 3 }),
  replicaReplicas: fc.integer({ min: 1, max: 3 }),
  replication: fc.boolean(),
  routedWest: fc.boolean(),
  retention: fc.constantFrom(0, 6, 7, 14),
});

function design(s: Scenario): unknown {
  const web = (id: string, region: string, zones: string[], t: Tier) => ({
    id,
    service: 'ec2-asg',
    label: id,
    region,
    zones: zones.slice(0, t.zones),
    network: 'private',
    instances: { min: t.min, max: t.max },
    size: t.size,
  });
  const alb = (id: string, region: string, zones: string[], t: Tier) => ({
    id,
    service: 'alb',
    label: id,
    region,
    zones: zones.slice(0, t.albZones),
    network: 'public',
  });
  const db = (id: string, region: string, zones: string[], extra: object) => ({
    id,
    service: 'rds-postgres',
    label: id,
    region,
    network: 'private',
    size: 'db.r7g.4xlarge',
    zones,
    ...extra,
  });
  const e = (from: string, to: string, kind = 'request') => ({ id: `${from}-${to}`, from, to, kind });
  return {
    version: 1,
    cloud: 'aws',
    regions: ['us-east-1', 'us-west-2'],
    components: [
      { id: 'users', service: 'internet', label: 'users' },
      { id: 'dns', service: 'route53', label: 'dns' },
      alb('alb-e', 'us-east-1', ZE, s.east),
      alb('alb-w', 'us-west-2', ZW, s.west),
      web('web-e', 'us-east-1', ZE, s.east),
      web('web-w', 'us-west-2', ZW, s.west),
      db('db-e', 'us-east-1', ZE.slice(0, s.dbZones), {
        ha: s.ha,
        readReplicas: s.readReplicas,
        backups: { enabled: true, retentionDays: s.retention, pointInTime: true },
      }),
      db('db-w', 'us-west-2', ZW.slice(0, 1), { readReplicas: s.replicaReplicas }),
      { id: 'sm-e', service: 'secrets-manager', label: 'sm-e', region: 'us-east-1' },
      { id: 'sm-w', service: 'secrets-manager', label: 'sm-w', region: 'us-west-2' },
    ],
    edges: [
      e('users', 'dns'),
      e('dns', 'alb-e'),
      ...(s.routedWest ? [e('dns', 'alb-w')] : []),
      e('alb-e', 'web-e'),
      e('alb-w', 'web-w'),
      e('web-e', 'db-e'),
      e('web-w', 'db-w'),
      e('web-e', 'sm-e'),
      e('web-w', 'sm-w'),
      ...(s.replication ? [e('db-e', 'db-w', 'replication')] : []),
    ],
  };
}

/** What BRIEF.md says each check concludes, worked out by hand for this family of designs. */
function oracle(s: Scenario): Record<string, boolean> {
  const users = (t: Tier) => SIZES[t.size][0];
  // A tier behind its ALB, `lost` zone gone: its max less that zone's share, rounded up, and only the
  // instances in zones the ALB is in carry traffic.
  const carried = (t: Tier, zones: readonly string[], lost?: string) => {
    const own = zones.slice(0, t.zones);
    const live = own.filter((z) => z !== lost);
    if (live.length === 0) return 0;
    const left = lost && own.includes(lost) ? t.max - Math.ceil(t.max / own.length) : t.max;
    const alb = zones.slice(0, t.albZones).filter((z) => z !== lost);
    return Math.floor(users(t) * left * (live.filter((z) => alb.includes(z)).length / live.length));
  };
  const dbZones = ZE.slice(0, s.dbZones);
  const dbSurvivesZone = s.ha && s.dbZones >= 2;
  // Route 53 reaching the west without replication makes db-w a second system of record (a shard):
  // the west then serves too, and its database must survive and be backed up like the east one.
  const split = s.routedWest && !s.replication;
  const west = (lost?: string) => (split ? carried(s.west, ZW, lost) : 0);
  // A zone loss the design serves through within the zone targets: each system of record untouched
  // or failed over to its standby (a replica's promotion misses RPO 0), and its tier keeps a zone.
  const eastServesWithout = (zone: string) =>
    (dbSurvivesZone || dbZones[0] !== zone) && ZE.slice(0, s.east.zones).some((z) => z !== zone);
  const westServesWithout = (zone: string) =>
    zone !== ZW[0] && ZW.slice(0, s.west.zones).some((z) => z !== zone);
  const zoneOk = dbSurvivesZone && s.east.zones >= 2 && s.east.min >= 2 && !split;
  const regionServes = s.replication && s.routedWest;
  const states: number[] = [carried(s.east, ZE) + west()];
  for (const zone of ZE) if (eastServesWithout(zone)) states.push(carried(s.east, ZE, zone) + west());
  if (split)
    for (const zone of ZW) if (westServesWithout(zone)) states.push(carried(s.east, ZE) + west(zone));
  if (regionServes) states.push(carried(s.west, ZW));
  const dbCarries =
    400_000 * (1 + s.readReplicas) >= PEAK &&
    (!(regionServes || split) || 400_000 * (1 + s.replicaReplicas) >= PEAK);
  const cost =
    1 +
    400 +
    2 * (17 + 2_000) +
    2 * (2 + 50) +
    SIZES[s.east.size][1] * s.east.max +
    SIZES[s.west.size][1] * s.west.max +
    1_520 * (1 + (s.ha ? 1 : 0) + s.readReplicas) +
    1_520 * (1 + s.replicaReplicas);
  return {
    'zone-failure': zoneOk,
    'region-failure': regionServes,
    'peak-capacity': states.every((c) => c >= PEAK) && dbCarries,
    'data-durability': dbSurvivesZone && s.retention >= 7 && !split,
    'monthly-cost': cost <= BUDGET,
  };
}

const scratch: string[] = [];
afterAll(async () => {
  await Promise.all(scratch.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('the ha-web-architecture grader against the brief, on generated designs', () => {
  it('agrees with the oracle on availability, capacity, durability and cost', {
    timeout: 120_000,
  }, async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'ha-web-architecture-scenarios-'));
    scratch.push(dir);
    const seen = new Map<string, Set<boolean>>();
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        await writeFile(path.join(dir, 'architecture.json'), JSON.stringify(design(s)));
        const result = await gradeWorkspace(dir);
        const got = Object.fromEntries(result.checks.map((c) => [c.id, c.passed]));
        const expected = oracle(s);
        for (const [id, passed] of Object.entries(expected))
          seen.set(id, (seen.get(id) ?? new Set()).add(passed));
        expect(Object.fromEntries(Object.keys(expected).map((id) => [id, got[id]]))).toEqual(expected);
      }),
      { seed: 1402, numRuns: 400 },
    );
    // Both verdicts of every check were generated: the scenarios straddle each threshold.
    expect([...seen.entries()].filter(([, verdicts]) => verdicts.size < 2)).toEqual([]);
  });
});
