import type { monitorEventLoopDelay } from 'node:perf_hooks';

/** Event-loop delay of a process, in ms, as a 10 ms timer sees it (so about 10 when idle). */
export interface LoopDelay {
  p50: number;
  p99: number;
  max: number;
}
export function loopSummary(histogram: ReturnType<typeof monitorEventLoopDelay>): LoopDelay {
  const ms = (ns: number) => Math.round(ns / 1e5) / 10;
  return { p50: ms(histogram.percentile(50)), p99: ms(histogram.percentile(99)), max: ms(histogram.max) };
}
