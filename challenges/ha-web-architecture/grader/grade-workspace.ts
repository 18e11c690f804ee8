import { ARCHITECTURE_FILE } from '../../_lib/architecture/schema.ts';
import { clip, MAX_MESSAGE } from '../../_lib/grader-kit/clip.ts';
import type { Diagnostic } from '../../_lib/grader-kit/diagnostic.ts';
import type { GraderOutput } from '../../_lib/grader-kit/result.ts';
import { failAll, judgeAll } from '../../_lib/grader-kit/result.ts';
import type { Check, Grading } from './check.ts';
import { autoscalingCheck } from './checks/autoscaling.ts';
import { dataDurabilityCheck } from './checks/data-durability.ts';
import { monthlyCostCheck } from './checks/monthly-cost.ts';
import { peakCapacityCheck } from './checks/peak-capacity.ts';
import { regionFailureCheck } from './checks/region-failure.ts';
import { requestPathCheck } from './checks/request-path.ts';
import { secretsFromStoreCheck } from './checks/secrets-from-store.ts';
import { statefulPrivateCheck } from './checks/stateful-private.ts';
import { zoneFailureCheck } from './checks/zone-failure.ts';
import { componentLine, loadDesignFile } from './design-file.ts';
import type { Failure } from './failures.ts';
import { buildGraph } from './graph.ts';
import type { Serving } from './serving.ts';
import { serve } from './serving.ts';

export type { GraderOutput } from '../../_lib/grader-kit/result.ts';

/** In challenge.yaml order; a test holds the two lists equal. */
export const CHECKS: readonly Check[] = [
  requestPathCheck,
  zoneFailureCheck,
  regionFailureCheck,
  autoscalingCheck,
  peakCapacityCheck,
  dataDurabilityCheck,
  statefulPrivateCheck,
  secretsFromStoreCheck,
  monthlyCostCheck,
];

/**
 * Grades architecture.json under `dir`. Pure apart from reading the file: the same file always gives
 * the same result. Throws only on a grader bug, which the platform reports as a grader error.
 */
export async function gradeWorkspace(dir: string): Promise<GraderOutput> {
  const file = await loadDesignFile(dir);
  if (file.kind === 'missing') {
    return {
      checks: failAll(CHECKS, `Not graded: there is no ${ARCHITECTURE_FILE} at the top of the workspace.`),
    };
  }
  if (file.kind === 'refused') return notGraded(file.diagnostics);
  const graph = buildGraph(file.architecture);
  const lines = new Map(file.architecture.components.map((c, index) => [c.id, componentLine(file, index)]));
  const servings = new Map<string, Serving>();
  const grading: Grading = {
    graph,
    at: (node) => `${node.name}, ${ARCHITECTURE_FILE} line ${lines.get(node.component.id) ?? 1}`,
    serving: (failure: Failure) => {
      const key = JSON.stringify(failure);
      const known = servings.get(key);
      if (known) return known;
      const computed = serve(graph, failure);
      servings.set(key, computed);
      return computed;
    },
  };
  return { checks: judgeAll(CHECKS, grading) };
}

function notGraded(diagnostics: readonly Diagnostic[]): GraderOutput {
  const [first] = diagnostics;
  const where = first && first.line > 0 ? ` line ${first.line}` : '';
  const detail = (first?.message ?? 'cannot be read').replace(/\.$/, '');
  const more = diagnostics.length > 1 ? ` (and ${diagnostics.length - 1} more problems)` : '';
  const message = `Not graded: ${ARCHITECTURE_FILE}${where}: ${detail}${more}. Fix it and run the checks again.`;
  return {
    checks: failAll(CHECKS, clip(message, MAX_MESSAGE)),
    diagnostics: diagnostics.map((d) => ({ ...d, message: clip(d.message, MAX_MESSAGE) })),
  };
}
