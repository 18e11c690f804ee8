/**
 * Shared by the zone and region checks: the design evaluated in each failure of a list, one finding
 * per failure, naming what the failure takes and why the users are not served.
 */
import type { Finding } from '../../../_lib/grader-kit/findings.ts';
import type { Grading } from '../check.ts';
import type { Failure } from '../failures.ts';
import { describeFailure } from '../failures.ts';
import { requestPath } from '../graph.ts';
import { servingProblems } from '../serving.ts';

/** One finding per failure: whether the users are still served within `target`, and if not, why. */
export function failureFindings(
  grading: Grading,
  failures: readonly Failure[],
  target: { readonly rpoMinutes: number; readonly rtoMinutes: number },
  requirement: string,
): Finding[] {
  const { graph, at } = grading;
  return failures.map((failure) => {
    const serving = grading.serving(failure);
    const problems = servingProblems(serving, target, at);
    const what = describeFailure(graph, failure);
    if (problems.length === 0)
      return { ok: true, text: `${what}, the users are still served (${requirement})` };
    // A region takes everything in it; a zone or an instance is worth naming.
    const lost = failure.kind === 'region' ? [] : requestPath(graph).filter((n) => serving.fate(n).lost);
    const takes = lost.length > 0 ? `; it takes ${lost.map(at).join('; ')}` : '';
    return { ok: false, text: `${what}: ${problems.join('; ')}${takes} (${requirement})` };
  });
}
