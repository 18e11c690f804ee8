import type { Check, CheckOutcome } from './check.ts';
import { concurrencyCheck } from './checks/concurrency.ts';
import { environmentCheck } from './checks/environment.ts';
import { failedCanaryCheck } from './checks/failed-canary.ts';
import { permissionsCheck } from './checks/permissions.ts';
import { pinningCheck } from './checks/pinning.ts';
import { promotionCheck } from './checks/promotion.ts';
import { rollbackCheck } from './checks/rollback.ts';
import { createGrading } from './grading.ts';
import { parseWorkflows } from './workflow.ts';
import type { Diagnostic } from './workspace.ts';
import { readWorkflowSources, WORKFLOWS_DIR } from './workspace.ts';

/** The result line's JSON, as the platform's graderOutputSchema describes it. */
export interface GraderOutput {
  checks: { id: string; passed: boolean; score: number; message: string; evidence?: string[] }[];
  diagnostics?: Diagnostic[];
}

/** In challenge.yaml order; a test holds the two lists equal. */
export const CHECKS: readonly Check[] = [
  promotionCheck,
  rollbackCheck,
  failedCanaryCheck,
  environmentCheck,
  concurrencyCheck,
  pinningCheck,
  permissionsCheck,
];

const MAX_MESSAGE = 2000;
const MAX_EVIDENCE_ITEM = 500;

/**
 * Grades the GitHub Actions workflows under `dir`/.github/workflows. Pure apart from reading the
 * files: the same files always give the same result. Throws only on a grader bug, which the platform
 * reports as a grader error.
 */
export async function gradeWorkspace(dir: string): Promise<GraderOutput> {
  const sources = await readWorkflowSources(dir);
  const parsed = await parseWorkflows(sources.files);
  const diagnostics = [...sources.diagnostics, ...parsed.diagnostics].slice(0, 50);
  const [problem] = diagnostics;
  if (problem) {
    const where = `${problem.file}${problem.line > 0 ? ` line ${problem.line}` : ''}`;
    const detail = problem.message.replace(/\.$/, '');
    const message = `Not graded: ${where}: ${detail}. GitHub would not run this workflow; fix it and run the checks again.`;
    return { checks: CHECKS.map((c) => present(c.id, failed(message))), diagnostics };
  }
  if (parsed.workflows.length === 0) {
    const message = `Not graded: there is no workflow (.yml or .yaml) in ${WORKFLOWS_DIR}.`;
    return { checks: CHECKS.map((c) => present(c.id, failed(message))) };
  }
  const grading = createGrading(parsed.workflows);
  return { checks: CHECKS.map((check) => present(check.id, check.judge(grading))) };
}

function failed(message: string): CheckOutcome {
  return { passed: false, score: 0, message };
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

function clip(text: string, limit: number): string {
  return text.length > limit ? `${text.slice(0, limit - 1)}…` : text;
}
