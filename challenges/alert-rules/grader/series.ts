import { BUCKET_LABELS } from './histogram.ts';
import type { Job, PodLoad, Scenario } from './model.ts';
import { JOBS, jobLabel, phaseAt, SCRAPE_SECONDS } from './model.ts';

/** One `input_series` entry of a promtool test file. */
export interface InputSeries {
  readonly series: string;
  readonly values: string;
}

// Counters start where two days of traffic left them, so a raw counter threshold
// (`http_requests_total{code="500"} > 100`) is already past its limit, as it would be in production.
const UPTIME_SECONDS = 2 * 24 * 3600;
// A status never answered before the scenario still has a series (it was answered once, long ago).
const DORMANT_COUNT = 3;

type PodValue = (pod: PodLoad) => number;

// Counter values are multiples of 1/256: sums of them are exact in floating point, so the value
// promtool expands from `a+bxn` is exactly the next run's start. Rounded decimals drift by a few
// millionths, and a counter that dips by that much is a counter reset to rate().
const QUANTUM = 256;
const quantize = (value: number) => Math.round(value * QUANTUM) / QUANTUM;

/** The samples every pod of every job exposes, as promtool input series, for the whole scenario. */
export function inputSeries(scenario: Scenario): InputSeries[] {
  const out: InputSeries[] = [];
  for (const job of JOBS) {
    for (const instance of instancesOf(scenario, job)) out.push(...podSeries(scenario, job, instance));
  }
  return out;
}

function instancesOf(scenario: Scenario, job: Job): string[] {
  const seen = new Set<string>();
  for (const phase of scenario.phases) for (const pod of phase.jobs[job].pods) seen.add(pod.instance);
  return [...seen];
}

function podSeries(scenario: Scenario, job: Job, instance: string): InputSeries[] {
  const steps = (scenario.minutes * 60) / SCRAPE_SECONDS;
  const podAt = (step: number): { pod: PodLoad | undefined; traffic: number } => {
    const phase = phaseAt(scenario, (step * SCRAPE_SECONDS) / 60);
    const load = phase.jobs[job];
    return { pod: load.pods.find((p) => p.instance === instance), traffic: load.traffic };
  };
  const resets = new Set(
    scenario.resets
      .filter((r) => r.job === job && r.instance === instance)
      .map((r) => Math.round((r.minute * 60) / SCRAPE_SECONDS)),
  );
  const missing = new Set<number>();
  for (const gap of scenario.gaps.filter((g) => g.job === job && g.instance === instance)) {
    const first = Math.round((gap.minute * 60) / SCRAPE_SECONDS);
    for (let s = first; s < first + gap.steps; s++) missing.add(s);
  }
  const requests = (step: number, value: PodValue): number => {
    const { pod, traffic } = podAt(step);
    return pod ? traffic * pod.share * SCRAPE_SECONDS * value(pod) : 0;
  };
  const counter = (value: PodValue): string => {
    const start = quantize((requests(0, value) / SCRAPE_SECONDS) * UPTIME_SECONDS);
    const values: (number | undefined)[] = [start > 0 ? start : DORMANT_COUNT];
    let current = values[0] as number;
    for (let step = 1; step <= steps; step++) {
      const added = quantize(requests(step - 1, value));
      current = resets.has(step) ? added : current + added;
      values.push(missing.has(step) ? undefined : current);
    }
    return compress(values);
  };
  const gauge = (value: PodValue, fallback: number): string =>
    compress(
      Array.from({ length: steps + 1 }, (_, step) => {
        if (missing.has(step)) return undefined;
        const { pod } = podAt(step);
        return pod ? value(pod) : fallback;
      }),
    );

  const base = `job="${jobLabel(job)}", instance="${instance}"`;
  const out: InputSeries[] = [
    {
      series: `up{${base}}`,
      values: compress(Array.from({ length: steps + 1 }, (_, s) => (missing.has(s) ? 0 : 1))),
    },
  ];
  for (const code of codesOf(scenario, job, instance)) {
    out.push({
      series: `http_requests_total{${base}, code="${code}"}`,
      values: counter((pod) => pod.codes[code] ?? 0),
    });
  }
  BUCKET_LABELS.forEach((le, i) => {
    out.push({
      series: `http_request_duration_seconds_bucket{${base}, le="${le}"}`,
      values: counter((pod) => pod.latency.cumulative[i] ?? 1),
    });
  });
  out.push({ series: `http_request_duration_seconds_count{${base}}`, values: counter(() => 1) });
  out.push({
    series: `http_request_duration_seconds_sum{${base}}`,
    values: counter((pod) => pod.latency.mean),
  });
  out.push({ series: `db_pool_connections_in_use{${base}}`, values: gauge((pod) => pod.poolInUse, 0) });
  out.push({ series: `db_pool_connections_max{${base}}`, values: gauge((pod) => pod.poolSize, 20) });
  return out;
}

function codesOf(scenario: Scenario, job: Job, instance: string): string[] {
  const codes = new Set<string>();
  for (const phase of scenario.phases) {
    const pod = phase.jobs[job].pods.find((p) => p.instance === instance);
    for (const [code, share] of Object.entries(pod?.codes ?? {})) if (share > 0) codes.add(code);
  }
  return [...codes].sort();
}

/**
 * Writes samples in promtool's expanding notation: runs of equal steps become `a+bxn`, a missing
 * scrape `_`.
 */
export function compress(values: readonly (number | undefined)[]): string {
  const parts: string[] = [];
  let start = 0;
  while (start < values.length) {
    const a = values[start];
    if (a === undefined) {
      parts.push('_');
      start++;
      continue;
    }
    const nextValue = values[start + 1];
    if (nextValue === undefined) {
      parts.push(format(a));
      start++;
      continue;
    }
    const step = nextValue - a;
    let end = start + 1;
    while (end + 1 < values.length) {
      const following = values[end + 1];
      if (following === undefined || following - (values[end] as number) !== step) break;
      end++;
    }
    parts.push(`${format(a)}${step < 0 ? '-' : '+'}${format(Math.abs(step))}x${end - start}`);
    start = end + 1;
  }
  return parts.join(' ');
}

// Values are exact binary fractions (see QUANTUM); the shortest decimal that reads back as the same
// number is what Go's parser reads too.
function format(value: number): string {
  return String(value);
}
