/** Scenarios in which nothing may fire: R5's noise, values just under the SLOs, and R6's nights. */
import { profileWithP99 } from '../histogram.ts';
import type { Scenario } from '../model.ts';
import { JOB, OTHER_JOB } from '../model.ts';
import type { Random } from '../random.ts';
import {
  CLIENT_CODES,
  healthyCart,
  healthyPod,
  healthyService,
  instances,
  jobLoad,
  NO_CART,
  POOL_SIZE,
  percent,
  phase,
  poolSplit,
  serviceLoad,
  statusCodes,
  unevenShares,
} from './build.ts';

type Make = (random: Random) => Omit<Scenario, 'id' | 'kind'>;
// Long enough for every window and for: the brief allows to show a false alarm; short enough to
// replay every scenario inside the sandbox's time limit.
const MINUTES = 30;
const NIGHT_MINUTES = 25;

/** An ordinary hour: the baseline that tells an always-on alert from one that detects something. */
export const healthyHour: Make = (random) => {
  const service = healthyService(random);
  return {
    title: `an ordinary healthy hour (${service.traffic.toFixed(0)} requests/s over ${service.names.length} pods)`,
    minutes: MINUTES,
    phases: [phase(0, serviceLoad(service), healthyCart(random))],
    resets: [],
    gaps: [],
  };
};

export const errorsJustBelow: Make = (random) => {
  const service = healthyService(random);
  const ratio = random.float(0.046, 0.049);
  const onset = random.int(5, 8);
  const cart = NO_CART;
  return {
    title: `500s, 502s and 503s at ${percent(ratio)} of requests (under the 5 % SLO) from minute ${onset}`,
    minutes: MINUTES,
    phases: [
      phase(0, serviceLoad(service), cart),
      phase(
        onset,
        serviceLoad(service, {
          codes: statusCodes(random, { serverErrors: ratio, serverCodes: ['500', '502', '503'] }),
        }),
        cart,
      ),
    ],
    resets: [],
    gaps: [],
  };
};

/** A crawler's 4xx: 5xx stay under 5 % of all requests, though not of the non-4xx ones. */
export const crawler: Make = (random) => {
  const service = healthyService(random);
  const client = random.float(0.3, 0.45);
  const server = random.float(0.036, 0.044);
  const onset = random.int(5, 8);
  const cart = NO_CART;
  const codes = statusCodes(random, {
    serverErrors: server,
    clientErrors: client,
    clientCodes: CLIENT_CODES,
  });
  return {
    title: `a crawler causing ${percent(client)} 4xx answers from minute ${onset}, with 5xx at ${percent(server)} of all requests`,
    minutes: MINUTES,
    phases: [phase(0, serviceLoad(service), cart), phase(onset, serviceLoad(service, { codes }), cart)],
    resets: [],
    gaps: [],
  };
};

/** Many redirects and Not Modified answers: 3xx are not failures either. */
export const redirects: Make = (random) => {
  const service = healthyService(random);
  const share = random.float(0.25, 0.4);
  const onset = random.int(5, 8);
  const cart = NO_CART;
  const codes = statusCodes(random, { serverErrors: random.float(0.02, 0.035), redirects: share });
  return {
    title: `${percent(share)} of requests answered 301, 302 or 304 from minute ${onset} (a cache in front expired), 5xx under 4 %`,
    minutes: MINUTES,
    phases: [phase(0, serviceLoad(service), cart), phase(onset, serviceLoad(service, { codes }), cart)],
    resets: [],
    gaps: [],
  };
};

/** One small pod failing hard while the service as a whole stays under 5 %. */
export const badPod: Make = (random) => {
  const pods = random.int(4, 6);
  const service = healthyService(random, pods);
  const small = random.float(0.05, 0.08);
  const shares = [small, ...Array.from({ length: pods - 1 }, () => (1 - small) / (pods - 1))];
  const ratio = random.float(0.3, 0.5);
  const onset = random.int(5, 8);
  const specs = service.names.map((_, i) =>
    i === 0
      ? {
          ...service.healthy,
          codes: statusCodes(random, { serverErrors: ratio, serverCodes: ['502', '503'] }),
        }
      : service.healthy,
  );
  const cart = NO_CART;
  return {
    title: `one pod serving ${percent(small)} of requests failing ${percent(ratio)} of them from minute ${onset} (the service under 5 %)`,
    minutes: MINUTES,
    phases: [
      phase(0, jobLoad(service.traffic, service.names, shares, [service.healthy]), cart),
      phase(onset, jobLoad(service.traffic, service.names, shares, specs), cart),
    ],
    resets: [],
    gaps: [],
  };
};

/** One small pod slow: its p99 is far above 1 s, the service's stays under. */
export const slowPod: Make = (random) => {
  const pods = random.int(4, 6);
  const service = healthyService(random, pods);
  const small = random.float(0.05, 0.08);
  const shares = [small, ...Array.from({ length: pods - 1 }, () => (1 - small) / (pods - 1))];
  const p99 = random.float(2.8, 4);
  const onset = random.int(5, 8);
  const specs = service.names.map((_, i) =>
    i === 0 ? { ...service.healthy, latency: profileWithP99(p99) } : service.healthy,
  );
  const cart = NO_CART;
  return {
    title: `one pod serving ${percent(small)} of requests with a p99 of ${p99.toFixed(1)} s from minute ${onset} (the service's p99 under 1 s)`,
    minutes: MINUTES,
    phases: [
      phase(0, jobLoad(service.traffic, service.names, shares, [service.healthy]), cart),
      phase(onset, jobLoad(service.traffic, service.names, shares, specs), cart),
    ],
    resets: [],
    gaps: [],
  };
};

export const latencyJustBelow: Make = (random) => {
  const service = healthyService(random);
  const p99 = random.float(0.92, 0.98);
  const onset = random.int(5, 8);
  const cart = NO_CART;
  return {
    title: `p99 latency at ${p99.toFixed(2)} s (under the 1 s SLO) from minute ${onset}`,
    minutes: MINUTES,
    phases: [
      phase(0, serviceLoad(service), cart),
      phase(onset, serviceLoad(service, { latency: profileWithP99(p99) }), cart),
    ],
    resets: [],
    gaps: [],
  };
};

export const poolsJustBelow: Make = (random) => {
  const service = healthyService(random, random.int(3, 6));
  const split = poolSplit(random.float(0.86, 0.885), service.names.length);
  const usage = split.reduce((a, b) => a + b, 0) / (POOL_SIZE * split.length);
  const onset = random.int(5, 8);
  const cart = NO_CART;
  return {
    title: `the pools ${percent(usage)} in use all together (${split.join(', ')} of 20 per pod) from minute ${onset}`,
    minutes: MINUTES,
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

/** Pools of 25 with 19–21 in use: more than 18 connections, but not more than 90 %. */
export const biggerPoolsBusy: Make = (random) => {
  const service = healthyService(random, random.int(2, 4));
  const inUse = random.int(19, 21);
  const cart = NO_CART;
  const specs = service.names.map(() => ({ ...service.healthy, poolInUse: inUse, poolSize: 25 }));
  return {
    title: `pools of 25 connections with ${inUse} in use on every pod (${percent(inUse / 25)}) all hour`,
    minutes: MINUTES,
    phases: [phase(0, jobLoad(service.traffic, service.names, service.shares, specs), cart)],
    resets: [],
    gaps: [],
  };
};

/** R5's rolling deploys: up to a minute of up to 25 % 5xx and p99 up to 2.5 s, pods restarting. */
export const deploys: Make = (random) => {
  const service = healthyService(random, random.int(3, 5));
  const cart = NO_CART;
  const starts = [random.int(7, 9), random.int(19, 21)];
  const phases = [phase(0, serviceLoad(service), cart)];
  const words: string[] = [];
  // The first deploy is R5's worst case (a full minute at nearly 25 % and p99 near 2.5 s); the second
  // a milder one.
  for (const [i, start] of starts.entries()) {
    const length = i === 0 ? 1 : random.pick([0.5, 1]);
    const ratio = i === 0 ? random.float(0.235, 0.25) : random.float(0.12, 0.25);
    const p99 = i === 0 ? random.float(2.35, 2.45) : random.float(1.8, 2.45);
    phases.push(
      phase(
        start,
        serviceLoad(service, {
          codes: statusCodes(random, { serverErrors: ratio, serverCodes: ['502', '503'] }),
          latency: profileWithP99(p99),
        }),
        cart,
      ),
      phase(start + length, serviceLoad(service), cart),
    );
    words.push(`minute ${start} (${length * 60} s, ${percent(ratio)} 5xx, p99 ${p99.toFixed(1)} s)`);
  }
  return {
    title: `two rolling deploys, at ${words.join(' and ')}, pods restarting`,
    minutes: MINUTES,
    phases,
    resets: starts.flatMap((start) =>
      service.names.slice(0, 2).map((instance, i) => ({ job: JOB, instance, minute: start + i * 0.5 })),
    ),
    gaps: [],
  };
};

/** R5's nightly job: the whole pool held for up to 4 minutes. */
export const poolSpikes: Make = (random) => {
  const service = healthyService(random);
  const cart = NO_CART;
  const starts = [random.int(5, 7), random.int(17, 19)];
  const phases = [phase(0, serviceLoad(service), cart)];
  const lengths: number[] = [];
  for (const start of starts) {
    const length = random.int(3, 4);
    lengths.push(length);
    phases.push(
      phase(start, serviceLoad(service, { poolUsage: 1 }), cart),
      phase(start + length, serviceLoad(service), cart),
    );
  }
  return {
    title: `the nightly job holding every pool for ${lengths[0]} minutes at minute ${starts[0]} and ${lengths[1]} minutes at minute ${starts[1]}`,
    minutes: MINUTES,
    phases,
    resets: [],
    gaps: [],
  };
};

/** cart-api in trouble (5xx, slow, pools full) while checkout-api is fine. */
export const cartIncident: Make = (random) => {
  const service = healthyService(random);
  const names = instances(OTHER_JOB, 2);
  const ratio = random.float(0.2, 0.4);
  const onset = random.int(5, 8);
  const cartTraffic = random.float(20, 40);
  const bad = {
    ...healthyPod(random),
    codes: statusCodes(random, { serverErrors: ratio, serverCodes: ['500', '503'] }),
    latency: profileWithP99(random.float(2.6, 4)),
    poolInUse: POOL_SIZE,
  };
  return {
    title: `cart-api (not checkout-api) failing ${percent(ratio)} of its requests, slow and out of connections from minute ${onset}`,
    minutes: MINUTES,
    phases: [
      phase(0, serviceLoad(service), healthyCart(random, cartTraffic)),
      phase(onset, serviceLoad(service), jobLoad(cartTraffic, names, [0.5, 0.5], [bad])),
    ],
    resets: [],
    gaps: [],
  };
};

/** Pods restarting (counters back to zero) and failed scrapes on a healthy service. */
export const restartsAndGaps: Make = (random) => {
  const service = healthyService(random, random.int(3, 6));
  const pods = random.sample(service.names, 3);
  return {
    title: `a healthy hour in which pods restart (their counters reset) and scrapes fail`,
    minutes: MINUTES,
    phases: [phase(0, serviceLoad(service), NO_CART)],
    resets: pods.map((instance, i) => ({ job: JOB, instance, minute: 8 + i * 8 })),
    gaps: pods.map((instance, i) => ({ job: JOB, instance, minute: 12 + i * 7, steps: random.int(1, 2) })),
  };
};

/** R6: fewer than 1 request/s, many of them failing, all night. */
export const nightFailures: Make = (random) => {
  const traffic = random.float(0.1, 0.6);
  const pods = random.int(2, 4);
  const ratio = random.float(0.1, 0.5);
  const spec = { ...healthyPod(random, 0.1), codes: statusCodes(random, { serverErrors: ratio }) };
  return {
    title: `night traffic (${traffic.toFixed(2)} requests/s), ${percent(ratio)} of them failing with 500 or 503`,
    minutes: NIGHT_MINUTES,
    phases: [phase(0, jobLoad(traffic, instances(JOB, pods), unevenShares(random, pods), [spec]), NO_CART)],
    resets: [],
    gaps: [],
  };
};

/** R6 at its edge: just under 1 request/s. */
export const nightJustUnderOne: Make = (random) => {
  const traffic = random.float(0.91, 0.97);
  const pods = random.int(2, 4);
  const ratio = random.float(0.15, 0.3);
  const spec = {
    ...healthyPod(random, 0.1),
    codes: statusCodes(random, { serverErrors: ratio, serverCodes: ['502', '503'] }),
  };
  return {
    title: `${traffic.toFixed(2)} requests/s (just under 1 per second), ${percent(ratio)} of them failing with 502 or 503`,
    minutes: NIGHT_MINUTES,
    phases: [phase(0, jobLoad(traffic, instances(JOB, pods), unevenShares(random, pods), [spec]), NO_CART)],
    resets: [],
    gaps: [],
  };
};

/** No traffic at all: every counter flat. */
export const noTraffic: Make = (random) => {
  const pods = random.int(2, 3);
  const spec = healthyPod(random, 0.05);
  return {
    title: 'no traffic at all (every counter flat) for an hour',
    minutes: NIGHT_MINUTES,
    phases: [phase(0, jobLoad(0, instances(JOB, pods), unevenShares(random, pods), [spec]), NO_CART)],
    resets: [],
    gaps: [],
  };
};
