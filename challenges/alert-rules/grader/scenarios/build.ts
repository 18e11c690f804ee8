/** Building blocks for the generated scenarios: pods, status mixes, loads, phases. */
import type { LatencyProfile } from '../histogram.ts';
import { profileWithP99 } from '../histogram.ts';
import type { Job, JobLoad, Phase, PodLoad } from '../model.ts';
import { JOB, OTHER_JOB } from '../model.ts';
import type { Random } from '../random.ts';

export const POOL_SIZE = 20;
export const SERVER_CODES = ['500', '501', '502', '503', '504', '507'] as const;
export const CLIENT_CODES = ['400', '401', '404', '409', '429'] as const;
export const REDIRECT_CODES = ['301', '302', '304'] as const;

/** Pod addresses of a job: `10.0.1.11:8080`… for checkout-api, `10.0.2.11:8080`… for cart-api. */
export function instances(job: Job, count: number): string[] {
  const net = job === JOB ? 1 : 2;
  return Array.from({ length: count }, (_, i) => `10.0.${net}.${11 + i}:8080`);
}

/** Uneven traffic shares (the largest pod up to four times the smallest), adding up to 1. */
export function unevenShares(random: Random, count: number): number[] {
  const raw = Array.from({ length: count }, () => random.float(1, 4));
  const total = raw.reduce((a, b) => a + b, 0);
  return raw.map((r) => r / total);
}

export interface StatusMix {
  /** Share answered 5xx, split over `serverCodes`. */
  readonly serverErrors: number;
  readonly serverCodes?: readonly string[];
  readonly clientErrors?: number;
  readonly clientCodes?: readonly string[];
  readonly redirects?: number;
}

/** Shares per HTTP status: the rest is 200. Every listed code gets a random part of its class. */
export function statusCodes(random: Random, mix: StatusMix): Record<string, number> {
  const codes: Record<string, number> = {};
  const spread = (total: number, list: readonly string[]) => {
    if (total <= 0 || list.length === 0) return;
    const weights = list.map(() => random.float(0.5, 2));
    const sum = weights.reduce((a, b) => a + b, 0);
    list.forEach((code, i) => {
      codes[code] = (codes[code] ?? 0) + (total * (weights[i] as number)) / sum;
    });
  };
  spread(mix.serverErrors, mix.serverCodes ?? ['500', '503']);
  spread(mix.clientErrors ?? 0.03, mix.clientCodes ?? ['404']);
  spread(mix.redirects ?? 0, REDIRECT_CODES);
  const used = Object.values(codes).reduce((a, b) => a + b, 0);
  codes['200'] = 1 - used;
  return codes;
}

export interface PodSpec {
  readonly codes: Record<string, number>;
  readonly latency: LatencyProfile;
  readonly poolInUse: number;
  readonly poolSize?: number;
}

/** A job's load: `specs[i]` is what pod `names[i]` serves with `shares[i]` of the traffic. */
export function jobLoad(
  traffic: number,
  names: readonly string[],
  shares: readonly number[],
  specs: readonly PodSpec[],
): JobLoad {
  const pods: PodLoad[] = names.map((instance, i) => {
    const spec = specs[i] ?? (specs[0] as PodSpec);
    return {
      instance,
      share: shares[i] ?? 0,
      codes: spec.codes,
      latency: spec.latency,
      poolInUse: spec.poolInUse,
      poolSize: spec.poolSize ?? POOL_SIZE,
    };
  });
  return { traffic, pods };
}

/** Connections in use per pod so that all pods together use `usage` of their pools. */
export function poolSplit(usage: number, pods: number, size = POOL_SIZE): number[] {
  const total = Math.round(usage * size * pods);
  return Array.from({ length: pods }, (_, i) => Math.floor(total / pods) + (i < total % pods ? 1 : 0));
}

/** The checkout-api side of an ordinary day, which scenarios then change. */
export interface Service {
  readonly traffic: number;
  readonly names: readonly string[];
  readonly shares: readonly number[];
  readonly healthy: PodSpec;
}

export function healthyService(
  random: Random,
  pods = random.int(2, 6),
  traffic = random.float(15, 25),
): Service {
  return {
    traffic,
    names: instances(JOB, pods),
    shares: unevenShares(random, pods),
    healthy: healthyPod(random),
  };
}

export function healthyPod(random: Random, poolUsage = random.float(0.3, 0.6)): PodSpec {
  return {
    codes: statusCodes(random, {
      serverErrors: random.float(0.002, 0.01),
      clientErrors: random.float(0.02, 0.04),
    }),
    latency: profileWithP99(random.float(0.38, 0.47)),
    poolInUse: Math.round(poolUsage * POOL_SIZE),
  };
}

/** checkout-api with every pod as `spec` (pools split evenly to `poolUsage` when given). */
export function serviceLoad(service: Service, spec: Partial<PodSpec> & { poolUsage?: number } = {}): JobLoad {
  const pool = spec.poolUsage === undefined ? undefined : poolSplit(spec.poolUsage, service.names.length);
  const specs = service.names.map((_, i) => ({
    ...service.healthy,
    ...spec,
    ...(pool ? { poolInUse: pool[i] as number } : {}),
  }));
  return jobLoad(service.traffic, service.names, service.shares, specs);
}

/** cart-api on an ordinary day: another service the same Prometheus scrapes. */
export function healthyCart(random: Random, traffic = random.float(20, 40)): JobLoad {
  const names = instances(OTHER_JOB, 2);
  return jobLoad(traffic, names, [0.5, 0.5], [healthyPod(random)]);
}

/**
 * No cart-api series at all: most scenarios leave it out to keep the replay fast; those about
 * label matchers (another service's incident, a busier service diluting checkout-api) have it.
 */
export const NO_CART: JobLoad = { traffic: 0, pods: [] };

export function phase(from: number, checkout: JobLoad, cart: JobLoad): Phase {
  return { from, jobs: { [JOB]: checkout, [OTHER_JOB]: cart } as Phase['jobs'] };
}

/** `12.3 %` */
export function percent(share: number): string {
  return `${(share * 100).toFixed(1)} %`;
}

/** `502s and 503s` */
export function codeList(codes: readonly string[]): string {
  const names = codes.map((c) => `${c}s`);
  return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
}
