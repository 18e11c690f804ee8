/**
 * The synthetic production histories the candidate's rules are replayed against. Each scenario is
 * a list of phases; the numbers are the ones BRIEF.md promises (SLO thresholds, deploy blips, night
 * traffic), with margins so that any sensible window and `for:` combination lands on the right side.
 */

/** The latency mix of a phase: cumulative share of requests at or below each histogram bucket. */
export type LatencyProfile = 'healthy' | 'slow' | 'deploy';

export interface Phase {
  /** Minute the phase starts; it lasts until the next phase starts or the scenario ends. */
  readonly from: number;
  /** Requests per second for the whole service, split evenly across the pods. */
  readonly traffic: number;
  /** Share of requests answered 5xx (split 30 % 500, 70 % 503). */
  readonly serverErrors: number;
  /** Share of requests answered 404. */
  readonly clientErrors: number;
  readonly latency: LatencyProfile;
  /** Share of each pod's database connection pool in use. */
  readonly poolInUse: number;
}

/**
 * `incident`: an alert must fire, with `severity`, within `deadline` minutes of `onset` and keep
 * firing to the end. `noise` and `night`: nothing may fire at any minute.
 */
export type Expectation =
  | {
      readonly kind: 'incident';
      readonly severity: 'page' | 'ticket';
      readonly onset: number;
      readonly deadline: number;
    }
  | { readonly kind: 'noise' }
  | { readonly kind: 'night' };

export interface Scenario {
  readonly id: string;
  /** How a message names it: "a rolling deploy". */
  readonly title: string;
  readonly minutes: number;
  readonly phases: readonly Phase[];
  readonly expect: Expectation;
}

export const SCRAPE_SECONDS = 30;
export const SCENARIO_MINUTES = 60;
export const PODS = ['10.0.1.11:8080', '10.0.1.12:8080'] as const;
export const POOL_SIZE = 20;
export const BUCKETS = ['0.05', '0.1', '0.25', '0.5', '1', '2.5', '5', '+Inf'] as const;

/** Cumulative shares per bucket, and the mean latency the _sum series implies. */
export const LATENCY: Readonly<Record<LatencyProfile, { cumulative: readonly number[]; mean: number }>> = {
  // p99 about 0.4 s.
  healthy: { cumulative: [0.6, 0.9, 0.98, 0.997, 1, 1, 1, 1], mean: 0.06 },
  // p99 about 2.1 s, while the mean stays near 0.25 s: an average-latency alert never sees it.
  slow: { cumulative: [0.4, 0.7, 0.88, 0.94, 0.975, 0.995, 1, 1], mean: 0.25 },
  // Cold caches right after a restart: p99 about 2.5 s for the minute it lasts.
  deploy: { cumulative: [0.5, 0.8, 0.9, 0.95, 0.97, 0.99, 1, 1], mean: 0.2 },
};

const HEALTHY: Phase = {
  from: 0,
  traffic: 20,
  serverErrors: 0.005,
  clientErrors: 0.03,
  latency: 'healthy',
  poolInUse: 0.4,
};

const ONSET = 10;

/** In the order the grader runs them; checks look them up by id. */
export const SCENARIOS: readonly Scenario[] = [
  {
    id: 'healthy',
    title: 'an ordinary healthy hour',
    minutes: SCENARIO_MINUTES,
    phases: [HEALTHY],
    expect: { kind: 'noise' },
  },
  {
    id: 'deploy',
    title: 'a rolling deploy (25 % of requests failing and p99 at 2.5 s for one minute)',
    minutes: SCENARIO_MINUTES,
    phases: [
      HEALTHY,
      { ...HEALTHY, from: 20, serverErrors: 0.25, latency: 'deploy' },
      { ...HEALTHY, from: 21 },
    ],
    expect: { kind: 'noise' },
  },
  {
    id: 'client-errors',
    title: 'a crawler causing 30 % 404 responses for 50 minutes',
    minutes: SCENARIO_MINUTES,
    phases: [HEALTHY, { ...HEALTHY, from: ONSET, clientErrors: 0.3 }],
    expect: { kind: 'noise' },
  },
  {
    id: 'pool-spike',
    title: 'a batch job holding the whole connection pool for 4 minutes',
    minutes: SCENARIO_MINUTES,
    phases: [HEALTHY, { ...HEALTHY, from: 20, poolInUse: 1 }, { ...HEALTHY, from: 24 }],
    expect: { kind: 'noise' },
  },
  {
    id: 'night',
    title: 'night traffic (0.2 requests per second, one in five failing)',
    minutes: SCENARIO_MINUTES,
    phases: [{ ...HEALTHY, traffic: 0.2, serverErrors: 0.2, poolInUse: 0.05 }],
    expect: { kind: 'night' },
  },
  {
    id: 'errors',
    title: 'an hour where 10 % of requests fail with 500 or 503 from minute 10',
    minutes: SCENARIO_MINUTES,
    phases: [HEALTHY, { ...HEALTHY, from: ONSET, serverErrors: 0.1 }],
    expect: { kind: 'incident', severity: 'page', onset: ONSET, deadline: 15 },
  },
  {
    id: 'latency',
    title: 'an hour where p99 latency is about 2 s from minute 10',
    minutes: SCENARIO_MINUTES,
    phases: [HEALTHY, { ...HEALTHY, from: ONSET, latency: 'slow' }],
    expect: { kind: 'incident', severity: 'page', onset: ONSET, deadline: 15 },
  },
  {
    id: 'saturation',
    title: 'an hour where the connection pools are 95 % in use from minute 10',
    minutes: SCENARIO_MINUTES,
    phases: [HEALTHY, { ...HEALTHY, from: ONSET, poolInUse: 0.95 }],
    expect: { kind: 'incident', severity: 'ticket', onset: ONSET, deadline: 30 },
  },
];

export function scenario(id: string): Scenario {
  const found = SCENARIOS.find((s) => s.id === id);
  if (!found) throw new Error(`no scenario ${id}`);
  return found;
}
