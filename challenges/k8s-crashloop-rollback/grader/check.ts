import type { Check as KitCheck } from '../../_lib/grader-kit/check.ts';
import type { Finding } from '../../_lib/grader-kit/findings.ts';
import { fromFindings } from '../../_lib/grader-kit/findings.ts';
import type { CheckOutcome } from '../../_lib/grader-kit/outcome.ts';
import type { Cluster } from './cluster.ts';
import type { ManifestObject } from './documents.ts';
import type { Workload } from './workloads.ts';
import type { Workspace } from './workspace.ts';

export type { Finding } from '../../_lib/grader-kit/findings.ts';
export { fromFindings } from '../../_lib/grader-kit/findings.ts';
export type { CheckOutcome } from '../../_lib/grader-kit/outcome.ts';
export { outcome } from '../../_lib/grader-kit/outcome.ts';

/** What every check judges: the files as read and the cluster state `kubectl apply` would leave. */
export interface Grading {
  readonly workspace: Workspace;
  readonly cluster: Cluster;
  /** The checkout-api Deployment in shop, when the API server would accept one. */
  readonly deployment: ManifestObject | undefined;
  /**
   * Every workload running checkout pods: the Deployment first, then any other workload the
   * checkout-api Service or the Deployment's selector reaches (empty without the Deployment).
   */
  readonly workloads: readonly Workload[];
}

/** A Kubernetes check: judged against the applied cluster state. */
export type Check = KitCheck<Grading>;

/**
 * Like fromFindings, but a failing message names where the problem is written and what the first
 * failing finding says, so the candidate reads file, line, object and reason in one line.
 */
export function judgedFindings(findings: readonly Finding[], passed: string, where: string): CheckOutcome {
  const judged = fromFindings(findings, passed, passed);
  const failing = findings.filter((f) => !f.ok);
  const [first] = failing;
  if (!first) return judged;
  const more = failing.length > 1 ? ` (and ${failing.length - 1} more: see the evidence)` : '';
  return { ...judged, message: `${where}: ${first.text}${more}.` };
}
