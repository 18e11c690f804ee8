import type { Grading } from './grading.ts';
import { touchesProduction } from './roles.ts';
import type { JobModel, WorkflowModel } from './workflow.ts';

export interface ProductionJob {
  readonly workflow: WorkflowModel;
  readonly job: JobModel;
}

/**
 * The jobs that change production in some way (canary, promotion, rollback, or a deploy whose
 * target is not known), in any workflow, found by running every step regardless of its `if:`.
 */
export function productionJobs(grading: Grading): ProductionJob[] {
  const found: ProductionJob[] = [];
  for (const trace of grading.everything()) {
    const ids = new Set(trace.calls.filter(touchesProduction).map((c) => c.job));
    for (const job of trace.workflow.jobs) if (ids.has(job.id)) found.push({ workflow: trace.workflow, job });
  }
  return found;
}
