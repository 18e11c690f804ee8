import type { Finding } from '../../../_lib/grader-kit/findings.ts';
import { fromFindings } from '../../../_lib/grader-kit/findings.ts';
import type { CheckOutcome } from '../check.ts';
import { outcome } from '../check.ts';

/**
 * fromFindings, with a failing message that carries the first failure itself (and how many more),
 * so the candidate reads which component and what the brief wanted without opening the evidence.
 */
export function judgeFindings(findings: readonly Finding[], passed: string, failed: string): CheckOutcome {
  const result = fromFindings(findings, passed, failed);
  const failures = findings.filter((f) => !f.ok);
  const [first] = failures;
  if (!first) return result;
  const more = failures.length > 1 ? ` (and ${failures.length - 1} more in the evidence)` : '';
  return outcome(result.score, `${failed} First: ${first.text}${more}.`, result.evidence);
}
