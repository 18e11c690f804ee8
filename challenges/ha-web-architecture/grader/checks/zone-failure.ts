import { TARGETS } from '../brief.ts';
import type { Check } from '../check.ts';
import { outcome } from '../check.ts';
import { componentFailures, NO_FAILURE, zoneFailures } from '../failures.ts';
import { systemsOfRecord } from '../graph.ts';
import { servingProblems } from '../serving.ts';
import { failureFindings } from './availability.ts';
import { judgeFindings } from './findings.ts';

/**
 * R2. Every single instance on the users' path lost on its own, and every zone the design uses lost
 * whole: the users still reach healthy compute and every system of record, with no data lost and
 * serving again within 5 minutes. Partial credit: the share of those failures the design survives.
 */
export const zoneFailureCheck: Check = {
  id: 'zone-failure',
  judge: (grading) => {
    const { graph } = grading;
    const normal = servingProblems(grading.serving(NO_FAILURE), TARGETS.zone);
    if (systemsOfRecord(graph).length === 0 || normal.length > 0) {
      return outcome(
        0,
        `Nothing to keep available: even with nothing failed, ${normal[0] ?? 'the users reach no system of record'} (R1, R2).`,
      );
    }
    const failures = [...componentFailures(graph), ...zoneFailures(graph)];
    if (failures.length === 0) {
      return outcome(
        1,
        "Nothing on the users' path runs in a zone of its own: no zone loss can stop it (R2).",
      );
    }
    return judgeFindings(
      failureFindings(grading, failures, TARGETS.zone, 'R2'),
      `The design survives the loss of any single instance and of any one zone, with no data lost and within 5 min (R2).`,
      'A single instance or one zone lost stops the service or loses data, where the brief allows neither (R2).',
    );
  },
};
