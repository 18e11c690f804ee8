import { whereOf } from '../../_lib/grader-kit/diagnostic.ts';
import { failAll, judgeAll } from '../../_lib/grader-kit/result.ts';
import { createGrading } from '../../_lib/hcl/grading.ts';
import type { GraderOutput } from '../../_lib/hcl/verdict.ts';
import { loadWorkspace } from '../../_lib/hcl/workspace.ts';
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
import type { Check } from './context.ts';
import { readTexts, unreadTerraformFiles } from './context.ts';
import { zoneModel } from './zones.ts';

export type { GraderOutput } from '../../_lib/hcl/verdict.ts';

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

/**
 * Grades the Terraform files under `dir`. Pure apart from reading the files: the same files always
 * give the same result. A file that cannot be parsed, or one Terraform would load that the grader
 * cannot, fails every check naming it. Throws only on a grader bug (reported as a grader error).
 */
export async function gradeWorkspace(dir: string): Promise<GraderOutput> {
  const workspace = await loadWorkspace(dir);
  const [problem] = workspace.diagnostics;
  if (problem) {
    const detail = problem.message.replace(/\.$/, '');
    const message = `Not graded: ${whereOf(problem)}: ${detail}. Fix it and run the checks again.`;
    return { checks: failAll(CHECKS, message), diagnostics: [...workspace.diagnostics] };
  }
  const grading = createGrading(workspace, { dataSources: zoneModel });
  if (!grading) {
    return {
      checks: failAll(CHECKS, 'Not graded: there are no .tf files at the top level of the workspace.'),
    };
  }
  const texts = await readTexts(dir);
  const unread = unreadTerraformFiles(grading, texts);
  if (unread.length > 0) {
    const message = `Not graded: Terraform would load ${unread.join(', ')}, which the grader cannot read, so it cannot judge what Terraform would build.`;
    return { checks: failAll(CHECKS, message) };
  }
  return { checks: judgeAll(CHECKS, { ...grading, texts }) };
}
