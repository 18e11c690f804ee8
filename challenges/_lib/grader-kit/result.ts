import type { AsyncCheck, Check } from './check.ts';
import { clip, MAX_EVIDENCE_ITEM, MAX_MESSAGE } from './clip.ts';
import type { Diagnostic } from './diagnostic.ts';
import type { CheckOutcome } from './outcome.ts';
import { failed } from './outcome.ts';

/** One entry of the result line. */
export interface CheckResult {
  id: string;
  passed: boolean;
  score: number;
  message: string;
  evidence?: string[];
}

/** The result line's JSON, as the platform's graderOutputSchema describes it. */
export interface GraderOutput {
  checks: CheckResult[];
  diagnostics?: Diagnostic[];
}

/** A check's outcome as a result entry, message and evidence clipped to the platform's limits. */
export function present(id: string, result: CheckOutcome): CheckResult {
  const entry = {
    id,
    passed: result.passed,
    score: result.score,
    message: clip(result.message, MAX_MESSAGE),
  };
  const evidence = result.evidence?.map((e) => clip(e, MAX_EVIDENCE_ITEM));
  return evidence && evidence.length > 0 ? { ...entry, evidence } : entry;
}

/** Every check judged against `grading`, in order. */
export function judgeAll<G>(checks: readonly Check<G>[], grading: G): CheckResult[] {
  return checks.map((check) => present(check.id, check.judge(grading)));
}

/** Every asynchronous check judged against `grading`, one after the other, in order. */
export async function judgeAllInTurn<G>(
  checks: readonly AsyncCheck<G>[],
  grading: G,
): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  for (const check of checks) results.push(present(check.id, await check.judge(grading)));
  return results;
}

/** Every check failed with the same message: the work could not be graded. */
export function failAll(checks: readonly { readonly id: string }[], message: string): CheckResult[] {
  return checks.map((c) => present(c.id, failed(message)));
}
