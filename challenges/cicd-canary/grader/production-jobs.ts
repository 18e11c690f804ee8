import type { Grading } from './grading.ts';
import { touchesProduction } from './roles.ts';
import type { JobRun, Trace } from './simulate.ts';

export interface ProductionJob {
  /** The run the job belongs to: its root workflow is the one a trigger starts. */
  readonly trace: Trace;
  readonly run: JobRun;
}

/**
 * The jobs that change production in some way (canary, promotion, rollback, or a deploy whose
 * target is not known), in any workflow and in the reusable workflows and local actions they use,
 * found by running every step regardless of its `if:`.
 */
export function productionJobs(grading: Grading): ProductionJob[] {
  const found: ProductionJob[] = [];
  for (const trace of grading.everything()) {
    const keys = new Set(trace.calls.filter(touchesProduction).map((c) => c.job));
    for (const run of trace.jobs) if (keys.has(run.key)) found.push({ trace, run });
  }
  return found;
}
