/**
 * The synthetic production history a scenario describes: per phase, what every pod of every job
 * serves. The oracle (oracle.ts) reads the requirements' quantities off it; series.ts turns it into
 * the samples Prometheus would have scraped.
 */
import type { LatencyProfile } from './histogram.ts';
import parameters from './parameters.json' with { type: 'json' };

/** The service the brief is about, as the model names it whatever the variant calls it. */
export const JOB = 'checkout-api';
/**
 * The service's name in this variant (the `job` label its series carry, its runbook folder): the
 * platform writes the drawn value into parameters.json; the package's own copy is the default.
 */
export const SERVICE: string = parameters.service;
/** Another service the same Prometheus scrapes, with the same metric names (BRIEF.md says so). */
export const OTHER_JOB = 'cart-api';
export const JOBS = [JOB, OTHER_JOB] as const;
export type Job = (typeof JOBS)[number];
/** The `job` label value of a job's series. */
export const jobLabel = (job: Job): string => (job === JOB ? SERVICE : job);

export const SCRAPE_SECONDS = 30;

/** What one pod serves during a phase. */
export interface PodLoad {
  readonly instance: string;
  /** Its share of the job's requests (the shares of a job's pods add up to 1). */
  readonly share: number;
  /** Share of its requests answered with each HTTP status (adds up to 1). */
  readonly codes: Readonly<Record<string, number>>;
  readonly latency: LatencyProfile;
  /** Connections checked out of its pool, and the pool's size. */
  readonly poolInUse: number;
  readonly poolSize: number;
}

export interface JobLoad {
  /** Requests per second over all the job's pods. */
  readonly traffic: number;
  readonly pods: readonly PodLoad[];
}

export interface Phase {
  /** Minute the phase starts; it lasts until the next phase starts or the scenario ends. */
  readonly from: number;
  readonly jobs: Readonly<Record<Job, JobLoad>>;
}

/** A pod restarting at `minute`: its counters start again from zero, as after a crash or a deploy. */
export interface CounterReset {
  readonly job: Job;
  readonly instance: string;
  readonly minute: number;
}

/** Scrapes of one pod that failed: no sample for `steps` scrapes from `minute`. */
export interface ScrapeGap {
  readonly job: Job;
  readonly instance: string;
  readonly minute: number;
  readonly steps: number;
}

/**
 * Which check a scenario mainly serves: an incident the alerts must catch, ordinary noise, or
 * quiet nights. The oracle, not the kind, decides what must fire when.
 */
export type ScenarioKind = 'errors' | 'latency' | 'saturation' | 'noise' | 'night';

export interface Scenario {
  readonly id: string;
  readonly kind: ScenarioKind;
  /** How a message names it: "502s and 503s at 5.3 % of 18 requests/s over 4 pods from minute 12". */
  readonly title: string;
  readonly minutes: number;
  readonly phases: readonly Phase[];
  readonly resets: readonly CounterReset[];
  readonly gaps: readonly ScrapeGap[];
}

/** The phase in force at `minute`. */
export function phaseAt(scenario: Scenario, minute: number): Phase {
  return scenario.phases.findLast((p) => p.from <= minute) ?? (scenario.phases[0] as Phase);
}

/** Where each phase ends (the next one's start, or the scenario's end). */
export function phaseEnd(scenario: Scenario, index: number): number {
  return scenario.phases[index + 1]?.from ?? scenario.minutes;
}
