import { MAX_DIAGNOSTICS } from '../../_lib/grader-kit/clip.ts';
import { clipDiagnostic, whereOf } from '../../_lib/grader-kit/diagnostic.ts';
import type { GraderOutput } from '../../_lib/grader-kit/result.ts';
import { failAll, judgeAll } from '../../_lib/grader-kit/result.ts';
import type { Check, Grading } from './check.ts';
import { imageCheck } from './checks/image.ts';
import { manifestsValidCheck } from './checks/manifests-valid.ts';
import { nothingRemovedCheck } from './checks/nothing-removed.ts';
import { pdbDrainCheck, pdbSelectsCheck } from './checks/pdb.ts';
import { resourcesSetCheck, resourcesSizedCheck } from './checks/resources.ts';
import { rolloutCheck } from './checks/rollout.ts';
import { hangCheck, startupBudgetCheck } from './checks/startup.ts';
import { wiringCheck } from './checks/wiring.ts';
import { applyAll, checkoutDeployment } from './cluster.ts';
import { checkoutWorkloads } from './workloads.ts';
import { loadWorkspace } from './workspace.ts';

export type { GraderOutput } from '../../_lib/grader-kit/result.ts';

/** In challenge.yaml order; a test holds the two lists equal. */
export const CHECKS: readonly Check[] = [
  manifestsValidCheck,
  imageCheck,
  startupBudgetCheck,
  hangCheck,
  resourcesSetCheck,
  resourcesSizedCheck,
  rolloutCheck,
  pdbSelectsCheck,
  pdbDrainCheck,
  nothingRemovedCheck,
  wiringCheck,
];

/**
 * Grades the Kubernetes manifests under `dir`. Pure apart from reading the files: the same files
 * always give the same result. Throws only on a grader bug, which the platform reports as such.
 */
export async function gradeWorkspace(dir: string): Promise<GraderOutput> {
  const workspace = await loadWorkspace(dir);
  const [problem] = workspace.fatal;
  if (problem) {
    const message = `Not graded: ${whereOf(problem)}: ${problem.message.replace(/\.$/, '')}. Fix it and run the checks again.`;
    return {
      checks: failAll(CHECKS, message),
      diagnostics: workspace.fatal.slice(0, MAX_DIAGNOSTICS).map(clipDiagnostic),
    };
  }
  const cluster = applyAll(workspace.objects);
  const grading: Grading = {
    workspace,
    cluster,
    deployment: checkoutDeployment(cluster),
    workloads: checkoutWorkloads(cluster),
  };
  const checks = judgeAll(CHECKS, grading);
  return workspace.rejected.length > 0
    ? { checks, diagnostics: workspace.rejected.slice(0, MAX_DIAGNOSTICS).map(clipDiagnostic) }
    : { checks };
}
