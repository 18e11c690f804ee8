/**
 * The oracle: what BRIEF.md's requirements say must happen, minute by minute, in a scenario. It is
 * computed from the traffic itself (the service's 5xx ratio, p99 from the summed histogram, the
 * pools' usage), never from any rule, so every correct set of rules agrees with it whatever its
 * windows, `for:` or recording rules.
 */
import { histogramQuantile } from './histogram.ts';
import type { Phase, Scenario } from './model.ts';
import { JOB, phaseEnd } from './model.ts';

export const CONDITIONS = ['errors', 'latency', 'saturation'] as const;
export type Condition = (typeof CONDITIONS)[number];

/** R2–R4 and R6: the thresholds. */
export const SLO = { errorRatio: 0.05, minTraffic: 1, p99Seconds: 1, poolUsage: 0.9 } as const;
/** R2–R4: how soon an alert must fire once the condition holds, in minutes. */
export const DEADLINE: Readonly<Record<Condition, number>> = { errors: 15, latency: 15, saturation: 30 };
export const SEVERITY: Readonly<Record<Condition, 'page' | 'ticket'>> = {
  errors: 'page',
  latency: 'page',
  saturation: 'ticket',
};
// An alert evaluated in the deadline minute's second half shows in the next minute's probe.
const GRACE_MINUTES = 1;
// After a condition ends, an alert may take this long to resolve (a 10-minute window draining):
// nothing is asked of it meanwhile.
const SETTLE_MINUTES = 15;
/** R5: what a rolling deploy and the nightly job may do without waking anyone. */
export const R5 = { deployMinutes: 1, deployErrorRatio: 0.25, deployP99Seconds: 2.5, poolSpikeMinutes: 4 };

/** The service-level quantities the requirements speak of, during one phase. */
export interface ServiceState {
  readonly traffic: number;
  /** Share of all requests answered 5xx; NaN without traffic. */
  readonly errorRatio: number;
  /** p99 of the service's histogram (all pods summed); NaN without traffic. */
  readonly p99: number;
  /** Connections in use over pool size, all pods together. */
  readonly poolUsage: number;
  /** The same for the fullest pod's pool (R4 welcomes a ticket for one pod, never asks for it). */
  readonly fullestPool: number;
}

export function serviceState(phase: Phase): ServiceState {
  const { traffic, pods } = phase.jobs[JOB];
  let errors = 0;
  let weight = 0;
  const buckets: number[] = [];
  for (const pod of pods) {
    weight += pod.share;
    for (const [code, share] of Object.entries(pod.codes))
      if (isServerError(code)) errors += pod.share * share;
    pod.latency.cumulative.forEach((c, i) => {
      buckets[i] = (buckets[i] ?? 0) + pod.share * c;
    });
  }
  const inUse = pods.reduce((sum, p) => sum + p.poolInUse, 0);
  const size = pods.reduce((sum, p) => sum + p.poolSize, 0);
  const served = traffic > 0 && weight > 0;
  return {
    traffic,
    errorRatio: served ? errors / weight : Number.NaN,
    p99: served ? histogramQuantile(0.99, buckets) : Number.NaN,
    poolUsage: inUse / size,
    fullestPool: Math.max(0, ...pods.map((p) => p.poolInUse / p.poolSize)),
  };
}

/** R2: any status from 500 to 599 is a failure; 4xx and everything else is not. */
export function isServerError(code: string): boolean {
  return /^5\d\d$/.test(code);
}

export function holds(condition: Condition, state: ServiceState): boolean {
  if (condition === 'errors') return state.traffic >= SLO.minTraffic && state.errorRatio > SLO.errorRatio;
  if (condition === 'latency') return state.p99 > SLO.p99Seconds;
  return state.poolUsage > SLO.poolUsage;
}

/** R4's other reading: one pod's pool past 90 %, a ticket neither asked for nor forbidden. */
function welcome(condition: Condition, state: ServiceState): boolean {
  return condition === 'saturation' && state.fullestPool > SLO.poolUsage;
}

/** What an alert of the condition's severity must do at one minute. */
export type Need = 'must' | 'may' | 'mustNot';

/** A stretch of the scenario in which a condition holds, from `from` to `to` (minutes). */
export interface Episode {
  readonly condition: Condition;
  readonly from: number;
  readonly to: number;
  /** A deploy blip or a short pool spike R5 says must not wake anyone. */
  readonly tolerated: boolean;
}

/** Per minute (index 1…minutes), per condition and per severity, what must happen. */
export interface Expectations {
  readonly episodes: readonly Episode[];
  readonly byCondition: Readonly<Record<Condition, readonly Need[]>>;
  readonly bySeverity: Readonly<Record<'page' | 'ticket', readonly Need[]>>;
}

export function expectations(scenario: Scenario): Expectations {
  const states = scenario.phases.map(serviceState);
  const episodes = CONDITIONS.flatMap((c) => episodesOf(scenario, states, c));
  const needs = (condition: Condition): Need[] => {
    const mine = episodes.filter((e) => e.condition === condition && !e.tolerated);
    const welcomed = scenario.phases.flatMap((p, i) =>
      welcome(condition, states[i] as ServiceState) && phaseEnd(scenario, i) - p.from > R5.poolSpikeMinutes
        ? [{ from: p.from, to: phaseEnd(scenario, i) }]
        : [],
    );
    const list: Need[] = ['mustNot'];
    for (let t = 1; t <= scenario.minutes; t++) {
      const must = mine.some((e) => t >= e.from + DEADLINE[condition] + GRACE_MINUTES && t <= e.to);
      const near = [...mine, ...welcomed].some((e) => e.from < t && e.to > t - SETTLE_MINUTES);
      list.push(must ? 'must' : near ? 'may' : 'mustNot');
    }
    return list;
  };
  const byCondition = { errors: needs('errors'), latency: needs('latency'), saturation: needs('saturation') };
  const merge = (conditions: readonly Condition[]): Need[] =>
    byCondition.errors.map((_, t) => {
      const all = conditions.map((c) => byCondition[c][t] as Need);
      return all.includes('must') ? 'must' : all.every((n) => n === 'mustNot') ? 'mustNot' : 'may';
    });
  return {
    episodes,
    byCondition,
    bySeverity: { page: merge(['errors', 'latency']), ticket: merge(['saturation']) },
  };
}

function episodesOf(scenario: Scenario, states: readonly ServiceState[], condition: Condition): Episode[] {
  const episodes: Episode[] = [];
  let start: number | undefined;
  let worst = { errorRatio: 0, p99: 0 };
  scenario.phases.forEach((phase, i) => {
    const state = states[i] as ServiceState;
    if (holds(condition, state)) {
      if (start === undefined) {
        start = phase.from;
        worst = { errorRatio: 0, p99: 0 };
      }
      worst = {
        errorRatio: Math.max(worst.errorRatio, state.errorRatio || 0),
        p99: Math.max(worst.p99, state.p99 || 0),
      };
    }
    const end = phaseEnd(scenario, i);
    const continues = scenario.phases[i + 1] && holds(condition, states[i + 1] as ServiceState);
    if (start !== undefined && !continues) {
      const length = end - start;
      const tolerated =
        condition === 'saturation'
          ? length <= R5.poolSpikeMinutes
          : length <= R5.deployMinutes &&
            worst.errorRatio <= R5.deployErrorRatio &&
            worst.p99 <= R5.deployP99Seconds + 1e-9;
      episodes.push({ condition, from: start, to: end, tolerated });
      start = undefined;
    }
  });
  return episodes;
}

/**
 * Throws when a phase sits so close to a threshold that floating point or a scrape could decide
 * it: the generator must keep "just above" and "just below" unambiguous. A grader bug, not the
 * candidate's.
 */
export function assertUnambiguous(scenario: Scenario): void {
  scenario.phases.forEach((phase) => {
    const s = serviceState(phase);
    const near = (value: number, threshold: number, margin: number) =>
      Number.isFinite(value) && Math.abs(value - threshold) < margin;
    const problems = [
      s.traffic >= SLO.minTraffic * 0.97 && near(s.errorRatio, SLO.errorRatio, 0.001) ? 'error ratio' : '',
      s.errorRatio > SLO.errorRatio && near(s.traffic, SLO.minTraffic, 0.03) ? 'traffic' : '',
      near(s.p99, SLO.p99Seconds, 0.01) ? 'p99' : '',
      near(s.poolUsage, SLO.poolUsage, 0.005) ? 'pool usage' : '',
    ].filter(Boolean);
    if (problems.length > 0) {
      throw new Error(
        `scenario ${scenario.id} minute ${phase.from}: ${problems.join(', ')} too near a threshold`,
      );
    }
  });
}
