import type { Finding } from '../../../_lib/grader-kit/findings.ts';
import { PEAK_USERS, TARGETS } from '../brief.ts';
import { computeCapacity, databaseCapacity, pathCapacity } from '../capacity.ts';
import type { Check } from '../check.ts';
import { outcome } from '../check.ts';
import type { Failure } from '../failures.ts';
import { describeFailure, NO_FAILURE, regionFailures, zoneFailures } from '../failures.ts';
import { computeOnPath } from '../graph.ts';
import { servingProblems } from '../serving.ts';
import { judgeFindings } from './findings.ts';

// toLocaleString is slow enough to matter over hundreds of findings.
const users = (n: number) =>
  Number.isFinite(n) ? String(Math.floor(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',') : 'unbounded';

/**
 * R4, the second half. At their max, the tiers carry the peak (tables.ts): with nothing failed, after
 * losing any one zone and after losing any one region, in each failure the design survives (the
 * availability checks judge the others). The request path carries the maximum flow of users its
 * compute tiers allow; the database that serves carries its size's users for its primary and each
 * read replica. Partial credit: the share of those states that carry the peak.
 */
export const peakCapacityCheck: Check = {
  id: 'peak-capacity',
  judge: (grading) => {
    const { graph, at } = grading;
    const unknown = computeOnPath(graph)
      .map((node) => computeCapacity(graph, node).unknown)
      .filter((u): u is string => u !== undefined);
    const states: { failure: Failure; target: { rpoMinutes: number; rtoMinutes: number } }[] = [
      { failure: NO_FAILURE, target: TARGETS.zone },
      ...zoneFailures(graph).map((failure) => ({ failure, target: TARGETS.zone })),
      ...regionFailures(graph).map((failure) => ({ failure, target: TARGETS.region })),
    ];
    const findings: Finding[] = [];
    for (const { failure, target } of states) {
      const serving = grading.serving(failure);
      if (servingProblems(serving, target).length > 0) continue;
      const what = describeFailure(graph, failure);
      const carried = pathCapacity(graph, serving);
      findings.push({
        ok: carried >= PEAK_USERS && unknown.length === 0,
        text:
          unknown.length > 0
            ? `${what}: ${unknown.join('; ')} (R4)`
            : `${what}, the compute the users reach carries ${users(carried)} concurrent users at its max, for a peak of ${users(PEAK_USERS)} (R4)`,
      });
      for (const data of serving.data) {
        const copy = data.copy;
        if (copy?.entry.kind !== 'sql') continue;
        const db = databaseCapacity(graph, copy);
        findings.push({
          ok: db.users >= PEAK_USERS,
          text: db.unknown
            ? `${what}: ${db.unknown} (R4)`
            : `${what}, ${at(copy)} carries ${users(db.users)} concurrent users with its read replicas, for a peak of ${users(PEAK_USERS)} (R4)`,
        });
      }
    }
    if (findings.length === 0) {
      return outcome(0, 'The design serves the users in no state at all, so it carries nothing (R1, R4).');
    }
    return judgeFindings(
      findings,
      `At their max the tiers carry the peak of ${users(PEAK_USERS)} concurrent users, after losing any zone or region too (R4).`,
      `The design does not carry the peak of ${users(PEAK_USERS)} concurrent users in every state (R4).`,
    );
  },
};
