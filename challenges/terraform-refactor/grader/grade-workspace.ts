import type { Check, CheckOutcome } from './check.ts';
import { copyPasteCheck } from './checks/copy-paste.ts';
import { credentialsCheck } from './checks/credentials.ts';
import { infrastructureCheck } from './checks/infrastructure.ts';
import { movedCheck } from './checks/moved.ts';
import { outputsCheck } from './checks/outputs.ts';
import { regionCheck } from './checks/region.ts';
import { s3EncryptionCheck, s3PublicAccessCheck } from './checks/s3.ts';
import { sshCheck } from './checks/ssh.ts';
import { tagsCheck } from './checks/tags.ts';
import { tfvarsCheck } from './checks/tfvars.ts';
import { variablesCheck } from './checks/variables.ts';
import { webModuleCheck } from './checks/web-module.ts';
import { createGrading } from './grading.ts';
import type { Diagnostic } from './workspace.ts';
import { loadWorkspace } from './workspace.ts';

/** The result line's JSON, as the platform's graderOutputSchema describes it. */
export interface GraderOutput {
  checks: { id: string; passed: boolean; score: number; message: string; evidence?: string[] }[];
  diagnostics?: Diagnostic[];
}

/** In challenge.yaml order; a test holds the two lists equal. */
export const CHECKS: readonly Check[] = [
  credentialsCheck,
  regionCheck,
  tfvarsCheck,
  infrastructureCheck,
  webModuleCheck,
  copyPasteCheck,
  sshCheck,
  s3EncryptionCheck,
  s3PublicAccessCheck,
  variablesCheck,
  outputsCheck,
  tagsCheck,
  movedCheck,
];

const MAX_MESSAGE = 2000;
const MAX_EVIDENCE_ITEM = 500;

/**
 * Grades the Terraform files under `dir`. Pure apart from reading the files: the same files always
 * give the same result. Throws only on a grader bug, which the platform reports as a grader error.
 */
export async function gradeWorkspace(dir: string): Promise<GraderOutput> {
  const workspace = await loadWorkspace(dir);
  const [problem] = workspace.diagnostics;
  if (problem) {
    const where = `${problem.file}${problem.line > 0 ? ` line ${problem.line}` : ''}`;
    const detail = problem.message.replace(/\.$/, '');
    const message = `Not graded: ${where}: ${detail}. Fix it and run the checks again.`;
    return {
      checks: CHECKS.map((c) => present(c.id, failed(message))),
      diagnostics: [...workspace.diagnostics],
    };
  }
  const grading = createGrading(workspace);
  if (!grading) {
    const message = 'Not graded: there are no .tf files at the top level of the workspace.';
    return { checks: CHECKS.map((c) => present(c.id, failed(message))) };
  }
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
