import { clip, MAX_DIAGNOSTICS, MAX_MESSAGE } from '../../_lib/grader-kit/clip.ts';
import type { GraderOutput } from '../../_lib/grader-kit/result.ts';
import { failAll, judgeAllInTurn } from '../../_lib/grader-kit/result.ts';
import { acceptanceProblems } from './acceptance.ts';
import type { Check, Grading } from './check.ts';
import { kmsDecryptOnlyCheck } from './checks/kms-decrypt-only.ts';
import { kmsViaS3Check } from './checks/kms-via-s3.ts';
import { noOtherServicesCheck } from './checks/no-other-services.ts';
import { policyValidCheck } from './checks/policy-valid.ts';
import { requiredAccessCheck } from './checks/required-access.ts';
import { s3OtherBucketsCheck } from './checks/s3-other-buckets.ts';
import { s3PrefixConfinedCheck } from './checks/s3-prefix-confined.ts';
import { s3ReadOnlyCheck } from './checks/s3-read-only.ts';
import { sqsSendOnlyCheck } from './checks/sqs-send-only.ts';
import type { SearchResult } from './confine/search.ts';
import { searchViolations } from './confine/search.ts';
import { nodeAt, position } from './json-scan.ts';
import type { Diagnostic } from './policy-file.ts';
import { loadPolicyFile, POLICY_FILE } from './policy-file.ts';
import { createEvaluator } from './simulate.ts';
import { statementsOf } from './statements.ts';

export type { GraderOutput } from '../../_lib/grader-kit/result.ts';

/** In challenge.yaml order; a test holds the two lists equal. */
export const CHECKS: readonly Check[] = [
  policyValidCheck,
  requiredAccessCheck,
  s3ReadOnlyCheck,
  s3PrefixConfinedCheck,
  s3OtherBucketsCheck,
  sqsSendOnlyCheck,
  kmsDecryptOnlyCheck,
  kmsViaS3Check,
  noOtherServicesCheck,
];

/**
 * Grades policy.json under `dir`. Pure apart from reading the file: the same file always gives the
 * same result. Throws only on a grader bug, which the platform reports as a grader error.
 */
export async function gradeWorkspace(dir: string): Promise<GraderOutput> {
  const file = await loadPolicyFile(dir);
  if (file.kind === 'missing') {
    return failAllChecks(`Not graded: there is no ${POLICY_FILE} at the top of the workspace.`);
  }
  if (file.kind === 'refused') return notGraded([...file.diagnostics]);
  const problems = acceptanceProblems(file.policy);
  if (problems.length > 0) {
    // AWS would answer MalformedPolicyDocument: the role would get no policy at all.
    const diagnostics = problems.map((problem) => {
      const { node, keyStart } = nodeAt(file.root, problem.path);
      const { line, column } = position(file.source, keyStart ?? node.start);
      return { file: POLICY_FILE, line, column, message: `AWS would refuse this policy: ${problem.message}` };
    });
    return notGraded(diagnostics);
  }
  const { policy, source, root } = file;
  const evaluator = createEvaluator(policy);
  const statements = statementsOf(policy);
  let search: Promise<SearchResult> | undefined;
  const grading: Grading = {
    policy,
    evaluator,
    statements,
    search: () => {
      search ??= searchViolations(statements, evaluator);
      return search;
    },
    lineOf: (statement) => position(source, nodeAt(root, statement.path).node.start).line,
  };
  return { checks: await judgeAllInTurn(CHECKS, grading) };
}

function notGraded(diagnostics: Diagnostic[]): GraderOutput {
  const [first] = diagnostics;
  const where = first && first.line > 0 ? ` line ${first.line}` : '';
  const detail = (first?.message ?? 'cannot be read').replace(/\.$/, '');
  const more = diagnostics.length > 1 ? ` (and ${diagnostics.length - 1} more problems)` : '';
  const message = `Not graded: ${POLICY_FILE}${where}: ${detail}${more}. Fix it and run the checks again.`;
  return {
    ...failAllChecks(message),
    diagnostics: diagnostics.slice(0, MAX_DIAGNOSTICS).map(clipDiagnostic),
  };
}

function failAllChecks(message: string): GraderOutput {
  return { checks: failAll(CHECKS, message) };
}

function clipDiagnostic(diagnostic: Diagnostic): Diagnostic {
  return { ...diagnostic, message: clip(diagnostic.message, MAX_MESSAGE) };
}
