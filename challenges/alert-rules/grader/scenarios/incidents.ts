/** Scenarios in which an alert must fire: the 5xx ratio, p99 latency or pool usage past the SLO. */
import { profileWithP99 } from '../histogram.ts';
import type { Scenario } from '../model.ts';
import { JOB } from '../model.ts';
import type { Random } from '../random.ts';
import {
  codeList,
  healthyCart,
  healthyService,
  jobLoad,
  NO_CART,
  percent,
  phase,
  poolSplit,
  SERVER_CODES,
  serviceLoad,
  statusCodes,
} from './build.ts';

type Make = (random: Random) => Omit<Scenario, 'id' | 'kind'>;
// Incidents start 5–8 minutes in; a scenario runs 8 minutes past a page's deadline (10 past a
// ticket's). Short scenarios keep the replay of all of them inside the sandbox's time limit.
const MINUTES = 32;
const SATURATION_MINUTES = 48;

/** 5xx just above 5 %, of several codes (500 not always among them), on pods of uneven traffic. */
export const errorsJustAbove: Make = (random) => {
  const service = healthyService(random);
  const onset = random.int(5, 8);
  const ratio = random.float(0.051, 0.054);
  const codes = random.sample(SERVER_CODES, random.int(2, 4));
  const cart = NO_CART;
  return {
    title: `${codeList(codes)} at ${percent(ratio)} of ${service.traffic.toFixed(0)} requests/s over ${service.names.length} pods from minute ${onset}`,
    minutes: MINUTES,
    phases: [
      phase(0, serviceLoad(service), cart),
      phase(
        onset,
        serviceLoad(service, { codes: statusCodes(random, { serverErrors: ratio, serverCodes: codes }) }),
        cart,
      ),
    ],
    resets: [],
    gaps: [],
  };
};

/** 502s, 503s and 504s only, unevenly spread over the pods. */
export const errorsWithout500: Make = (random) => {
  const service = healthyService(random, random.int(3, 6));
  const onset = random.int(5, 8);
  const codes = ['502', '503', '504'];
  const base = random.float(0.07, 0.15);
  const specs = service.names.map(() => ({
    ...service.healthy,
    codes: statusCodes(random, { serverErrors: base * random.float(0.5, 1.5), serverCodes: codes }),
  }));
  const cart = NO_CART;
  return {
    title: `about ${percent(base)} of requests failing with 502, 503 and 504 (no 500 at all), unevenly over ${service.names.length} pods, from minute ${onset}`,
    minutes: MINUTES,
    phases: [
      phase(0, serviceLoad(service), cart),
      phase(onset, jobLoad(service.traffic, service.names, service.shares, specs), cart),
    ],
    resets: [],
    gaps: [],
  };
};

/** Traffic just above 1 request/s, spread so thin that every pod serves less than 1 request/s. */
export const errorsAtLowTraffic: Make = (random) => {
  const traffic = random.float(1.04, 1.09);
  const service = healthyService(random, random.int(4, 6), traffic);
  const ratio = random.float(0.1, 0.2);
  const onset = random.int(5, 8);
  const cart = NO_CART;
  return {
    title: `${percent(ratio)} of ${traffic.toFixed(2)} requests/s (over ${service.names.length} pods) failing with 500 and 503 from minute ${onset}`,
    minutes: MINUTES,
    phases: [
      phase(0, serviceLoad(service), cart),
      phase(onset, serviceLoad(service, { codes: statusCodes(random, { serverErrors: ratio }) }), cart),
    ],
    resets: [],
    gaps: [],
  };
};

/** An outage while a crawler causes 4xx: the ratio is over all requests, 4xx included. */
export const errorsDuringCrawl: Make = (random) => {
  const service = healthyService(random);
  const onset = random.int(5, 8);
  const ratio = random.float(0.052, 0.058);
  const client = random.float(0.2, 0.35);
  const crawl = { serverErrors: 0.004, clientErrors: client, clientCodes: ['404', '429'] };
  const cart = NO_CART;
  return {
    title: `a crawler causing ${percent(client)} 404 and 429 answers, and from minute ${onset} 503s at ${percent(ratio)} of all requests`,
    minutes: MINUTES,
    phases: [
      phase(0, serviceLoad(service, { codes: statusCodes(random, crawl) }), cart),
      phase(
        onset,
        serviceLoad(service, {
          codes: statusCodes(random, { ...crawl, serverErrors: ratio, serverCodes: ['503'] }),
        }),
        cart,
      ),
    ],
    resets: [],
    gaps: [],
  };
};

/** checkout-api failing while cart-api, far busier and healthy, shares the same metric names. */
export const errorsBesideBusyCart: Make = (random) => {
  const service = healthyService(random, random.int(2, 4), random.float(8, 12));
  const onset = random.int(5, 8);
  const ratio = random.float(0.07, 0.12);
  const cart = healthyCart(random, random.float(150, 300));
  return {
    title: `checkout-api's 503s at ${percent(ratio)} of its ${service.traffic.toFixed(0)} requests/s from minute ${onset}, while cart-api serves ${cart.traffic.toFixed(0)} requests/s without errors`,
    minutes: MINUTES,
    phases: [
      phase(0, serviceLoad(service), cart),
      phase(
        onset,
        serviceLoad(service, {
          codes: statusCodes(random, { serverErrors: ratio, serverCodes: ['502', '503'] }),
        }),
        cart,
      ),
    ],
    resets: [],
    gaps: [],
  };
};

/** An outage during which pods crash and restart (counters reset) and scrapes fail. */
export const errorsWithRestarts: Make = (random) => {
  const service = healthyService(random, random.int(3, 5));
  const onset = random.int(5, 8);
  const ratio = random.float(0.07, 0.12);
  const cart = NO_CART;
  const restarted = random.sample(service.names, 2);
  return {
    title: `${percent(ratio)} of requests failing with 500 and 503 from minute ${onset}, while ${restarted.length} pods restart (their counters reset) and scrapes fail`,
    minutes: MINUTES,
    phases: [
      phase(0, serviceLoad(service), cart),
      phase(onset, serviceLoad(service, { codes: statusCodes(random, { serverErrors: ratio }) }), cart),
    ],
    resets: restarted.map((instance, i) => ({ job: JOB, instance, minute: onset + 4 + i * 8 })),
    gaps: [{ job: JOB, instance: service.names[0] as string, minute: onset + 12, steps: 2 }],
  };
};

/** An outage that ends: the alert fires while it lasts and stops after it. */
export const errorsThatEnd: Make = (random) => {
  const service = healthyService(random);
  const onset = random.int(5, 8);
  const end = onset + random.int(20, 22);
  const ratio = random.float(0.08, 0.2);
  const cart = NO_CART;
  return {
    title: `${percent(ratio)} of requests failing with 503 from minute ${onset} to minute ${end}, then a healthy half hour`,
    minutes: 52,
    phases: [
      phase(0, serviceLoad(service), cart),
      phase(
        onset,
        serviceLoad(service, { codes: statusCodes(random, { serverErrors: ratio, serverCodes: ['503'] }) }),
        cart,
      ),
      phase(end, serviceLoad(service), cart),
    ],
    resets: [],
    gaps: [],
  };
};

/** p99 just above 1 s on every pod. */
export const latencyJustAbove: Make = (random) => {
  const service = healthyService(random);
  const onset = random.int(5, 8);
  const p99 = random.float(1.03, 1.08);
  const cart = NO_CART;
  return {
    title: `p99 latency at ${p99.toFixed(2)} s on every pod from minute ${onset}`,
    minutes: MINUTES,
    phases: [
      phase(0, serviceLoad(service), cart),
      phase(onset, serviceLoad(service, { latency: profileWithP99(p99) }), cart),
    ],
    resets: [],
    gaps: [],
  };
};

/** The busiest pod slow and the others fast: the service's p99 is above 1 s, their average is not. */
export const latencyOnBusiestPod: Make = (random) => {
  const pods = random.int(3, 5);
  const service = healthyService(random, pods);
  const big = random.float(0.6, 0.7);
  const shares = [big, ...Array.from({ length: pods - 1 }, () => (1 - big) / (pods - 1))];
  const p99 = random.float(1.9, 2.4);
  const onset = random.int(5, 8);
  const specs = service.names.map((_, i) =>
    i === 0 ? { ...service.healthy, latency: profileWithP99(p99, 'fat') } : service.healthy,
  );
  const cart = NO_CART;
  return {
    title: `p99 at ${p99.toFixed(1)} s on the pod serving ${percent(big)} of requests (the other ${pods - 1} pods fast) from minute ${onset}`,
    minutes: MINUTES,
    phases: [
      phase(0, jobLoad(service.traffic, service.names, shares, [service.healthy]), cart),
      phase(onset, jobLoad(service.traffic, service.names, shares, specs), cart),
    ],
    resets: [],
    gaps: [],
  };
};

/**
 * Two pods of nearly equal traffic, the smaller one slow: the service's p99 is above 1 s, though the
 * busier pod's histogram, bucket by bucket, is that of a fast service.
 */
export const latencyOnOneOfTwoPods: Make = (random) => {
  const service = healthyService(random, 2);
  const slow = random.float(0.42, 0.47);
  const shares = [1 - slow, slow];
  const p99 = random.float(2, 2.4);
  const onset = random.int(5, 8);
  const specs = [service.healthy, { ...service.healthy, latency: profileWithP99(p99, 'fat') }];
  return {
    title: `p99 at ${p99.toFixed(1)} s on the pod serving ${percent(slow)} of requests (the other pod fast) from minute ${onset}`,
    minutes: MINUTES,
    phases: [
      phase(0, jobLoad(service.traffic, service.names, shares, [service.healthy]), NO_CART),
      phase(onset, jobLoad(service.traffic, service.names, shares, specs), NO_CART),
    ],
    resets: [],
    gaps: [],
  };
};

/** A slow tail (p99 2.6–4 s) while the mean stays low: an average-latency alert never sees it. */
export const latencySlowTail: Make = (random) => {
  const service = healthyService(random);
  const onset = random.int(5, 8);
  const p99 = random.float(2.6, 4);
  const cart = NO_CART;
  return {
    title: `p99 latency at ${p99.toFixed(1)} s (mean latency still about 0.25 s) from minute ${onset}`,
    minutes: MINUTES,
    phases: [
      phase(0, serviceLoad(service), cart),
      phase(onset, serviceLoad(service, { latency: profileWithP99(p99) }), cart),
    ],
    resets: [],
    gaps: [],
  };
};

/** checkout-api slow while cart-api, far busier, is fast. */
export const latencyBesideBusyCart: Make = (random) => {
  const service = healthyService(random, random.int(2, 4), random.float(8, 12));
  const onset = random.int(5, 8);
  const p99 = random.float(1.3, 2);
  const cart = healthyCart(random, random.float(150, 300));
  return {
    title: `checkout-api's p99 at ${p99.toFixed(1)} s from minute ${onset}, while cart-api serves ${cart.traffic.toFixed(0)} fast requests/s`,
    minutes: MINUTES,
    phases: [
      phase(0, serviceLoad(service), cart),
      phase(onset, serviceLoad(service, { latency: profileWithP99(p99) }), cart),
    ],
    resets: [],
    gaps: [],
  };
};

/** Pools just above 90 % in use all pods together, unevenly (some pods full, some not). */
export const saturationJustAbove: Make = (random) => {
  const service = healthyService(random, random.int(3, 6));
  const onset = random.int(5, 8);
  const usage = random.float(0.915, 0.95);
  const split = poolSplit(usage, service.names.length);
  const cart = NO_CART;
  const total = split.reduce((a, b) => a + b, 0);
  return {
    title: `the pools ${percent(total / (20 * split.length))} in use (${split.join(', ')} of 20 connections per pod) from minute ${onset}`,
    minutes: SATURATION_MINUTES,
    phases: [
      phase(0, serviceLoad(service), cart),
      phase(
        onset,
        jobLoad(
          service.traffic,
          service.names,
          service.shares,
          split.map((poolInUse) => ({ ...service.healthy, poolInUse })),
        ),
        cart,
      ),
    ],
    resets: [],
    gaps: [],
  };
};

/** Pools of 25 connections (the size is configurable) more than 90 % in use. */
export const saturationOfBiggerPools: Make = (random) => {
  const service = healthyService(random, random.int(2, 4));
  const onset = random.int(5, 8);
  const inUse = random.pick([23, 24]);
  const cart = NO_CART;
  const specs = (n: number) => service.names.map(() => ({ ...service.healthy, poolInUse: n, poolSize: 25 }));
  return {
    title: `pools of 25 connections with ${inUse} in use on every pod (${percent(inUse / 25)}) from minute ${onset}`,
    minutes: SATURATION_MINUTES,
    phases: [
      phase(0, jobLoad(service.traffic, service.names, service.shares, specs(12)), cart),
      phase(onset, jobLoad(service.traffic, service.names, service.shares, specs(inUse)), cart),
    ],
    resets: [],
    gaps: [],
  };
};
