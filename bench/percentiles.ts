import { summarize } from './stats.ts';

/** The shared summary plus the p99 the replay goals are stated in. */
export function summarizeWithP99(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const p99 =
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(0.99 * sorted.length) - 1))] ?? Number.NaN;
  return { ...summarize(samples), p99: Math.round(p99 * 10) / 10 };
}
export type SummaryWithP99 = ReturnType<typeof summarizeWithP99>;
