import type { Phase, Scenario } from './scenarios.ts';
import { BUCKETS, LATENCY, PODS, POOL_SIZE, SCRAPE_SECONDS } from './scenarios.ts';

/** One `input_series` entry of a promtool test file. */
export interface InputSeries {
  readonly series: string;
  readonly values: string;
}

// Counters start where two days of healthy traffic left them, so a raw counter threshold
// (`http_requests_total{code="500"} > 100`) is already past its limit, as it would be in production.
const UPTIME_SECONDS = 2 * 24 * 3600;

type PhaseValue = (phase: Phase) => number;

/** The samples every pod exposes, as promtool input series, for the whole scenario. */
export function inputSeries(scenario: Scenario): InputSeries[] {
  const steps = (scenario.minutes * 60) / SCRAPE_SECONDS;
  const phaseAt = (step: number): Phase => {
    const minute = (step * SCRAPE_SECONDS) / 60;
    return scenario.phases.findLast((p) => p.from <= minute) ?? (scenario.phases[0] as Phase);
  };
  const first = phaseAt(0);
  const perPodPerStep = (p: Phase) => (p.traffic / PODS.length) * SCRAPE_SECONDS;
  const counter = (perRequest: PhaseValue): string => {
    const values = [(perPodPerStep(first) / SCRAPE_SECONDS) * UPTIME_SECONDS * perRequest(first)];
    for (let step = 0; step < steps; step++) {
      const p = phaseAt(step);
      values.push((values.at(-1) as number) + perPodPerStep(p) * perRequest(p));
    }
    return compress(values);
  };
  const gauge = (value: PhaseValue): string =>
    compress(Array.from({ length: steps + 1 }, (_, step) => value(phaseAt(step))));

  const out: InputSeries[] = [];
  for (const instance of PODS) {
    const base = `job="checkout-api", instance="${instance}"`;
    out.push({ series: `up{${base}}`, values: gauge(() => 1) });
    const codes: [string, PhaseValue][] = [
      ['200', (p) => 1 - p.serverErrors - p.clientErrors],
      ['404', (p) => p.clientErrors],
      ['500', (p) => p.serverErrors * 0.3],
      ['503', (p) => p.serverErrors * 0.7],
    ];
    for (const [code, share] of codes) {
      out.push({ series: `http_requests_total{${base}, code="${code}"}`, values: counter(share) });
    }
    BUCKETS.forEach((le, i) => {
      out.push({
        series: `http_request_duration_seconds_bucket{${base}, le="${le}"}`,
        values: counter((p) => LATENCY[p.latency].cumulative[i] ?? 1),
      });
    });
    out.push({ series: `http_request_duration_seconds_count{${base}}`, values: counter(() => 1) });
    out.push({
      series: `http_request_duration_seconds_sum{${base}}`,
      values: counter((p) => LATENCY[p.latency].mean),
    });
    out.push({
      series: `db_pool_connections_in_use{${base}}`,
      values: gauge((p) => Math.round(p.poolInUse * POOL_SIZE)),
    });
    out.push({ series: `db_pool_connections_max{${base}}`, values: gauge(() => POOL_SIZE) });
  }
  return out;
}

/** Writes samples in promtool's expanding notation: runs of equal steps become `a+bxn`. */
export function compress(values: readonly number[]): string {
  const parts: string[] = [];
  let start = 0;
  while (start < values.length) {
    const a = values[start] as number;
    if (start === values.length - 1) {
      parts.push(format(a));
      break;
    }
    const step = (values[start + 1] as number) - a;
    let end = start + 1;
    while (
      end + 1 < values.length &&
      Math.abs((values[end + 1] as number) - (values[end] as number) - step) < 1e-6
    ) {
      end++;
    }
    parts.push(`${format(a)}${step < 0 ? '-' : '+'}${format(Math.abs(step))}x${end - start}`);
    start = end + 1;
  }
  return parts.join(' ');
}

function format(value: number): string {
  return String(Math.round(value * 1e6) / 1e6);
}
