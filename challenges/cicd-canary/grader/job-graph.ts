import type { JobModel } from './workflow.ts';

/** Jobs in an order where every job comes after the jobs it needs (declaration order otherwise). */
export function order(jobs: readonly JobModel[]): JobModel[] {
  const done = new Set<string>();
  const result: JobModel[] = [];
  let progress = true;
  while (progress) {
    progress = false;
    for (const job of jobs) {
      if (done.has(job.id) || !job.needs.every((n) => done.has(n))) continue;
      done.add(job.id);
      result.push(job);
      progress = true;
    }
  }
  return result;
}

/** Every job each job needs, directly or through other jobs. */
export function ancestry(jobs: readonly JobModel[]): Map<string, Set<string>> {
  const result = new Map<string, Set<string>>();
  for (const job of order(jobs)) {
    const set = new Set<string>();
    for (const need of job.needs) {
      set.add(need);
      for (const id of result.get(need) ?? []) set.add(id);
    }
    result.set(job.id, set);
  }
  return result;
}
