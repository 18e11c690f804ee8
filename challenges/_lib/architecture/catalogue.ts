/**
 * What a design may be drawn from, per cloud: the palette (each service with its own cloud's name,
 * the kind of component it is, where it lives) and the regions with their zones. The capacity and
 * price of each size is in tables.ts. Shared by the canvas (client/src/design) and the graph grader
 * (challenges/ha-web-architecture/grader), so both read the same names.
 */

export const CLOUDS = ['aws', 'gcp'] as const;
export type Cloud = (typeof CLOUDS)[number];

/** What a component does in the design, whatever its cloud calls it. */
export const COMPONENT_KINDS = [
  'users',
  'dns',
  'cdn',
  'global-lb',
  'regional-lb',
  'instance-group',
  'containers',
  'functions',
  'sql',
  'cache',
  'queue',
  'object-storage',
  'secrets',
  'monitoring',
] as const;
export type ComponentKind = (typeof COMPONENT_KINDS)[number];

/**
 * Where a service lives, which decides what a zone or region loss takes with it:
 * - `global`: no region (DNS, CDN, a global load balancer); survives the loss of a region;
 * - `regional`: one region, spread over its zones by the provider; survives a zone, not the region;
 * - `zonal`: one region, in the zones the design lists; survives what its zones and instances do.
 */
export type Scope = 'global' | 'regional' | 'zonal';

/** Properties a component may carry; which ones a service takes is in its palette entry. */
export const PROPERTIES = [
  'zones',
  'network',
  'instances',
  'size',
  'ha',
  'readReplicas',
  'backups',
  'publicAccess',
] as const;
export type Property = (typeof PROPERTIES)[number];

export interface ServiceEntry {
  /** The id written in architecture.json (`service`). */
  readonly id: string;
  /** The cloud's own name for it. */
  readonly name: string;
  readonly kind: ComponentKind;
  readonly scope: Scope;
  /** Properties beyond id, service, label, region and note that this service takes. */
  readonly properties: readonly Property[];
  /** Sizes an instance may have (keys of tables.ts); empty when the service has none. */
  readonly sizes: readonly string[];
}

const COMPUTE_PROPERTIES: readonly Property[] = ['zones', 'network', 'instances', 'size'];
const SQL_PROPERTIES: readonly Property[] = ['zones', 'network', 'size', 'ha', 'readReplicas', 'backups'];
const CACHE_PROPERTIES: readonly Property[] = ['zones', 'network', 'instances', 'size', 'ha'];

const USERS: ServiceEntry = {
  id: 'internet',
  name: 'Users on the internet',
  kind: 'users',
  scope: 'global',
  properties: [],
  sizes: [],
};

export const PALETTE: Readonly<Record<Cloud, readonly ServiceEntry[]>> = {
  aws: [
    USERS,
    { id: 'route53', name: 'Route 53', kind: 'dns', scope: 'global', properties: [], sizes: [] },
    { id: 'cloudfront', name: 'CloudFront', kind: 'cdn', scope: 'global', properties: [], sizes: [] },
    {
      id: 'global-accelerator',
      name: 'Global Accelerator',
      kind: 'global-lb',
      scope: 'global',
      properties: [],
      sizes: [],
    },
    {
      id: 'alb',
      name: 'Application Load Balancer',
      kind: 'regional-lb',
      scope: 'zonal',
      properties: ['zones', 'network'],
      sizes: [],
    },
    {
      id: 'ec2-asg',
      name: 'EC2 Auto Scaling group',
      kind: 'instance-group',
      scope: 'zonal',
      properties: COMPUTE_PROPERTIES,
      sizes: ['m7g.large', 'm7g.xlarge', 'm7g.2xlarge'],
    },
    {
      id: 'ecs-fargate',
      name: 'ECS on Fargate',
      kind: 'containers',
      scope: 'zonal',
      properties: COMPUTE_PROPERTIES,
      sizes: ['1vcpu-2gb', '2vcpu-4gb', '4vcpu-8gb'],
    },
    {
      id: 'eks',
      name: 'EKS',
      kind: 'containers',
      scope: 'zonal',
      properties: COMPUTE_PROPERTIES,
      sizes: ['m7g.large', 'm7g.xlarge', 'm7g.2xlarge'],
    },
    {
      id: 'lambda',
      name: 'Lambda',
      kind: 'functions',
      scope: 'regional',
      properties: ['instances', 'size'],
      sizes: ['1024mb', '2048mb'],
    },
    {
      id: 'rds-postgres',
      name: 'RDS for PostgreSQL',
      kind: 'sql',
      scope: 'zonal',
      properties: SQL_PROPERTIES,
      sizes: ['db.r7g.large', 'db.r7g.xlarge', 'db.r7g.2xlarge', 'db.r7g.4xlarge'],
    },
    {
      id: 'elasticache-redis',
      name: 'ElastiCache for Redis',
      kind: 'cache',
      scope: 'zonal',
      properties: CACHE_PROPERTIES,
      sizes: ['cache.r7g.large', 'cache.r7g.xlarge'],
    },
    { id: 'sqs', name: 'SQS', kind: 'queue', scope: 'regional', properties: [], sizes: [] },
    { id: 'sns', name: 'SNS', kind: 'queue', scope: 'regional', properties: [], sizes: [] },
    {
      id: 's3',
      name: 'S3',
      kind: 'object-storage',
      scope: 'regional',
      properties: ['publicAccess'],
      sizes: [],
    },
    {
      id: 'secrets-manager',
      name: 'Secrets Manager',
      kind: 'secrets',
      scope: 'regional',
      properties: [],
      sizes: [],
    },
    {
      id: 'cloudwatch',
      name: 'CloudWatch',
      kind: 'monitoring',
      scope: 'regional',
      properties: [],
      sizes: [],
    },
  ],
  gcp: [
    USERS,
    { id: 'cloud-dns', name: 'Cloud DNS', kind: 'dns', scope: 'global', properties: [], sizes: [] },
    { id: 'cloud-cdn', name: 'Cloud CDN', kind: 'cdn', scope: 'global', properties: [], sizes: [] },
    {
      id: 'global-lb',
      name: 'Global external Application Load Balancer',
      kind: 'global-lb',
      scope: 'global',
      properties: [],
      sizes: [],
    },
    {
      id: 'regional-lb',
      name: 'Regional external Application Load Balancer',
      kind: 'regional-lb',
      scope: 'regional',
      properties: ['network'],
      sizes: [],
    },
    {
      id: 'mig',
      name: 'Managed instance group',
      kind: 'instance-group',
      scope: 'zonal',
      properties: COMPUTE_PROPERTIES,
      sizes: ['n2d-standard-2', 'n2d-standard-4', 'n2d-standard-8'],
    },
    {
      id: 'cloud-run',
      name: 'Cloud Run',
      kind: 'containers',
      scope: 'regional',
      properties: ['instances', 'size'],
      sizes: ['1vcpu-2gib', '2vcpu-4gib', '4vcpu-8gib'],
    },
    {
      id: 'gke',
      name: 'GKE',
      kind: 'containers',
      scope: 'zonal',
      properties: COMPUTE_PROPERTIES,
      sizes: ['n2d-standard-2', 'n2d-standard-4', 'n2d-standard-8'],
    },
    {
      id: 'cloud-functions',
      name: 'Cloud Run functions',
      kind: 'functions',
      scope: 'regional',
      properties: ['instances', 'size'],
      sizes: ['1gib', '2gib'],
    },
    {
      id: 'cloud-sql',
      name: 'Cloud SQL for PostgreSQL',
      kind: 'sql',
      scope: 'zonal',
      properties: SQL_PROPERTIES,
      sizes: ['db-custom-2-8192', 'db-custom-4-16384', 'db-custom-8-32768', 'db-custom-16-65536'],
    },
    {
      id: 'memorystore-redis',
      name: 'Memorystore for Redis',
      kind: 'cache',
      scope: 'zonal',
      properties: CACHE_PROPERTIES,
      sizes: ['standard-m2', 'standard-m4'],
    },
    { id: 'pubsub', name: 'Pub/Sub', kind: 'queue', scope: 'global', properties: [], sizes: [] },
    {
      id: 'cloud-storage',
      name: 'Cloud Storage',
      kind: 'object-storage',
      scope: 'regional',
      properties: ['publicAccess'],
      sizes: [],
    },
    {
      id: 'secret-manager',
      name: 'Secret Manager',
      kind: 'secrets',
      scope: 'global',
      properties: [],
      sizes: [],
    },
    {
      id: 'cloud-monitoring',
      name: 'Cloud Monitoring',
      kind: 'monitoring',
      scope: 'global',
      properties: [],
      sizes: [],
    },
  ],
};

/** Regions a design may use, with their zones (three each, as the providers offer). */
export const REGIONS: Readonly<Record<Cloud, Readonly<Record<string, readonly string[]>>>> = {
  aws: {
    'us-east-1': ['us-east-1a', 'us-east-1b', 'us-east-1c'],
    'us-west-2': ['us-west-2a', 'us-west-2b', 'us-west-2c'],
    'eu-west-1': ['eu-west-1a', 'eu-west-1b', 'eu-west-1c'],
  },
  gcp: {
    'us-central1': ['us-central1-a', 'us-central1-b', 'us-central1-c'],
    'us-east1': ['us-east1-b', 'us-east1-c', 'us-east1-d'],
    'europe-west1': ['europe-west1-b', 'europe-west1-c', 'europe-west1-d'],
  },
};

/** The palette entry of `service` in `cloud`, or undefined when that cloud has no such service. */
export function serviceOf(cloud: Cloud, service: string): ServiceEntry | undefined {
  return PALETTE[cloud].find((entry) => entry.id === service);
}
