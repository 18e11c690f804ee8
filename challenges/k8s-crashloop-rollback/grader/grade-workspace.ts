import type { Check, CheckOutcome, Grading } from './check.ts';
import { imageCheck } from './checks/image.ts';
import { manifestsValidCheck } from './checks/manifests-valid.ts';
import { nothingRemovedCheck } from './checks/nothing-removed.ts';
import { pdbDrainCheck, pdbSelectsCheck } from './checks/pdb.ts';
import { resourcesSetCheck, resourcesSizedCheck } from './checks/resources.ts';
import { rolloutCheck } from './checks/rollout.ts';
import { hangCheck, startupBudgetCheck } from './checks/startup.ts';
import { wiringCheck } from './checks/wiring.ts';
import { applyAll, checkoutDeployment } from './cluster.ts';
import type { Diagnostic } from './documents.ts';
import { loadWorkspace } from './workspace.ts';

/** The result line's JSON, as the platform's graderOutputSchema describes it. */
export interface GraderOutput {
  checks: { id: string; passed: boolean; score: number; message: string; evidence?: string[] }[];
  diagnostics?: Diagnostic[];
}

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

const MAX_MESSAGE = 2000;
const MAX_EVIDENCE_ITEM = 500;
const MAX_DIAGNOSTICS = 50;

/**
 * Grades the Kubernetes manifests under `dir`. Pure apart from reading the files: the same files
 * always give the same result. Throws only on a grader bug, which the platform reports as such.
 */
export async function gradeWorkspace(dir: string): Promise<GraderOutput> {
  const workspace = await loadWorkspace(dir);
  const [problem] = workspace.fatal;
  if (problem) {
    const where = `${problem.file}${problem.line > 0 ? ` line ${problem.line}` : ''}`;
    const message = `Not graded: ${where}: ${problem.message.replace(/\.$/, '')}. Fix it and run the checks again.`;
    return {
      checks: CHECKS.map((c) => present(c.id, { passed: false, score: 0, message })),
      diagnostics: workspace.fatal.slice(0, MAX_DIAGNOSTICS).map(clipDiagnostic),
    };
  }
  const cluster = applyAll(workspace.objects);
  const grading: Grading = { workspace, cluster, deployment: checkoutDeployment(cluster) };
  const checks = CHECKS.map((check) => present(check.id, check.judge(grading)));
  return workspace.rejected.length > 0
    ? { checks, diagnostics: workspace.rejected.slice(0, MAX_DIAGNOSTICS).map(clipDiagnostic) }
    : { checks };
}

function present(id: string, result: CheckOutcome): GraderOutput['checks'][number] {
  const entry = {
    id,
    passed: result.passed,
    score: result.score,
    message: clip(result.message, MAX_MESSAGE),
  };
  const evidence = result.evidence?.map((e) => clip(e, MAX_EVIDENCE_ITEM));
  return evidence && evidence.length > 0 ? { ...entry, evidence } : entry;
}

function clipDiagnostic(diagnostic: Diagnostic): Diagnostic {
  return { ...diagnostic, file: clip(diagnostic.file, 500), message: clip(diagnostic.message, MAX_MESSAGE) };
}

function clip(text: string, limit: number): string {
  return text.length > limit ? `${text.slice(0, limit - 1)}…` : text;
}
