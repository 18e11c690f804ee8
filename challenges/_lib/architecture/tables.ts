/**
 * The shipped capacity and price tables: what one instance of each size carries (concurrent users of
 * the brief's application at its stated request mix) and what it costs a month, on demand, in the
 * cheapest region. Figures are rounded list prices of 2026 and load-test rules of thumb; they are the
 * design's units, stated in the brief, not a quote. The canvas shows them beside each size; the
 * grader's capacity and cost checks read only these.
 */
import type { Cloud } from './catalogue.ts';

export interface SizeFigures {
  /** Concurrent users one instance of this size carries. */
  readonly usersPerInstance: number;
  /** USD per instance per month (730 hours). */
  readonly monthlyUsd: number;
}

export interface ServicePrice {
  /** USD per month for the component whatever its load (a load balancer's hourly charge, a cluster fee). */
  readonly fixedMonthlyUsd: number;
  /** USD per month per 1,000 concurrent users at peak, for services billed by use (requests, transfer). */
  readonly perThousandUsersMonthlyUsd: number;
}

export const SIZES: Readonly<Record<Cloud, Readonly<Record<string, Readonly<Record<string, SizeFigures>>>>>> =
  {
    aws: {
      'ec2-asg': {
        'm7g.large': { usersPerInstance: 2_500, monthlyUsd: 60 },
        'm7g.xlarge': { usersPerInstance: 5_000, monthlyUsd: 120 },
        'm7g.2xlarge': { usersPerInstance: 10_000, monthlyUsd: 240 },
      },
      'ecs-fargate': {
        '1vcpu-2gb': { usersPerInstance: 1_200, monthlyUsd: 36 },
        '2vcpu-4gb': { usersPerInstance: 2_500, monthlyUsd: 72 },
        '4vcpu-8gb': { usersPerInstance: 5_000, monthlyUsd: 144 },
      },
      eks: {
        'm7g.large': { usersPerInstance: 2_500, monthlyUsd: 60 },
        'm7g.xlarge': { usersPerInstance: 5_000, monthlyUsd: 120 },
        'm7g.2xlarge': { usersPerInstance: 10_000, monthlyUsd: 240 },
      },
      lambda: {
        '1024mb': { usersPerInstance: 40, monthlyUsd: 3 },
        '2048mb': { usersPerInstance: 80, monthlyUsd: 6 },
      },
      'rds-postgres': {
        'db.r7g.large': { usersPerInstance: 50_000, monthlyUsd: 190 },
        'db.r7g.xlarge': { usersPerInstance: 100_000, monthlyUsd: 380 },
        'db.r7g.2xlarge': { usersPerInstance: 200_000, monthlyUsd: 760 },
        'db.r7g.4xlarge': { usersPerInstance: 400_000, monthlyUsd: 1_520 },
      },
      'elasticache-redis': {
        'cache.r7g.large': { usersPerInstance: 150_000, monthlyUsd: 160 },
        'cache.r7g.xlarge': { usersPerInstance: 300_000, monthlyUsd: 320 },
      },
    },
    gcp: {
      mig: {
        'n2d-standard-2': { usersPerInstance: 2_500, monthlyUsd: 62 },
        'n2d-standard-4': { usersPerInstance: 5_000, monthlyUsd: 124 },
        'n2d-standard-8': { usersPerInstance: 10_000, monthlyUsd: 248 },
      },
      'cloud-run': {
        '1vcpu-2gib': { usersPerInstance: 1_200, monthlyUsd: 40 },
        '2vcpu-4gib': { usersPerInstance: 2_500, monthlyUsd: 80 },
        '4vcpu-8gib': { usersPerInstance: 5_000, monthlyUsd: 160 },
      },
      gke: {
        'n2d-standard-2': { usersPerInstance: 2_500, monthlyUsd: 62 },
        'n2d-standard-4': { usersPerInstance: 5_000, monthlyUsd: 124 },
        'n2d-standard-8': { usersPerInstance: 10_000, monthlyUsd: 248 },
      },
      'cloud-functions': {
        '1gib': { usersPerInstance: 40, monthlyUsd: 3 },
        '2gib': { usersPerInstance: 80, monthlyUsd: 6 },
      },
      'cloud-sql': {
        'db-custom-2-8192': { usersPerInstance: 50_000, monthlyUsd: 200 },
        'db-custom-4-16384': { usersPerInstance: 100_000, monthlyUsd: 400 },
        'db-custom-8-32768': { usersPerInstance: 200_000, monthlyUsd: 800 },
        'db-custom-16-65536': { usersPerInstance: 400_000, monthlyUsd: 1_600 },
      },
      'memorystore-redis': {
        'standard-m2': { usersPerInstance: 150_000, monthlyUsd: 170 },
        'standard-m4': { usersPerInstance: 300_000, monthlyUsd: 340 },
      },
    },
  };

/** Per-service charges beyond instances; a service not listed costs nothing beyond its instances. */
export const PRICES: Readonly<Record<Cloud, Readonly<Record<string, ServicePrice>>>> = {
  aws: {
    route53: { fixedMonthlyUsd: 1, perThousandUsersMonthlyUsd: 0.4 },
    cloudfront: { fixedMonthlyUsd: 0, perThousandUsersMonthlyUsd: 8 },
    'global-accelerator': { fixedMonthlyUsd: 18, perThousandUsersMonthlyUsd: 3 },
    alb: { fixedMonthlyUsd: 17, perThousandUsersMonthlyUsd: 2 },
    eks: { fixedMonthlyUsd: 73, perThousandUsersMonthlyUsd: 0 },
    sqs: { fixedMonthlyUsd: 0, perThousandUsersMonthlyUsd: 0.5 },
    sns: { fixedMonthlyUsd: 0, perThousandUsersMonthlyUsd: 0.5 },
    s3: { fixedMonthlyUsd: 5, perThousandUsersMonthlyUsd: 1 },
    'secrets-manager': { fixedMonthlyUsd: 2, perThousandUsersMonthlyUsd: 0.05 },
    cloudwatch: { fixedMonthlyUsd: 30, perThousandUsersMonthlyUsd: 0.5 },
  },
  gcp: {
    'cloud-dns': { fixedMonthlyUsd: 1, perThousandUsersMonthlyUsd: 0.4 },
    'cloud-cdn': { fixedMonthlyUsd: 0, perThousandUsersMonthlyUsd: 8 },
    'global-lb': { fixedMonthlyUsd: 18, perThousandUsersMonthlyUsd: 2 },
    'regional-lb': { fixedMonthlyUsd: 18, perThousandUsersMonthlyUsd: 2 },
    gke: { fixedMonthlyUsd: 73, perThousandUsersMonthlyUsd: 0 },
    pubsub: { fixedMonthlyUsd: 0, perThousandUsersMonthlyUsd: 0.5 },
    'cloud-storage': { fixedMonthlyUsd: 5, perThousandUsersMonthlyUsd: 1 },
    'secret-manager': { fixedMonthlyUsd: 1, perThousandUsersMonthlyUsd: 0.05 },
    'cloud-monitoring': { fixedMonthlyUsd: 30, perThousandUsersMonthlyUsd: 0.5 },
  },
};

/** The figures for one size of a service, or undefined when the service has no such size. */
export function sizeFigures(cloud: Cloud, service: string, size: string): SizeFigures | undefined {
  return SIZES[cloud][service]?.[size];
}
