import type { Finding } from '../../../_lib/grader-kit/findings.ts';
import type { Check } from '../check.ts';
import { outcome } from '../check.ts';
import { computeOnPath } from '../graph.ts';
import { judgeFindings } from './findings.ts';

/**
 * R4, the first half. Every compute tier on the users' path scales on its own: it states an instance
 * range (min below max). A fixed count (min equal to max) is capacity planning by hand; no count at all
 * is unknown, and unknown is not safe. Partial credit: the share of tiers that scale.
 */
export const autoscalingCheck: Check = {
  id: 'autoscaling',
  judge: ({ graph, at }) => {
    const compute = computeOnPath(graph);
    if (compute.length === 0) return outcome(0, 'The users reach no compute, so nothing scales (R1, R4).');
    const findings: Finding[] = compute.map((node) => {
      const range = node.component.instances;
      if (!range)
        return {
          ok: false,
          text: `${at(node)} states no instances range, so it cannot scale on its own (R4)`,
        };
      if (range.min < range.max)
        return { ok: true, text: `${at(node)} scales between ${range.min} and ${range.max} instances (R4)` };
      return {
        ok: false,
        text: `${at(node)} runs a fixed ${range.max} instances (min = max), so it does not scale on its own (R4)`,
      };
    });
    return judgeFindings(
      findings,
      "Every compute tier on the users' path autoscales between a min and a max (R4).",
      "A compute tier on the users' path does not scale on its own (R4).",
    );
  },
};
