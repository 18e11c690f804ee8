import { TARGETS } from '../brief.ts';
import type { Check } from '../check.ts';
import { outcome } from '../check.ts';
import { NO_FAILURE, regionFailures } from '../failures.ts';
import { systemsOfRecord } from '../graph.ts';
import { servingProblems } from '../serving.ts';
import { failureFindings } from './availability.ts';
import { judgeFindings } from './findings.ts';

/**
 * R3. Each region that holds a component lost whole: the users still reach healthy compute in the
 * other region (through a global entry: DNS, CDN or a global load balancer) and a copy of every
 * system of record there, within 15 minutes of data and an hour. A design in one region fails
 * outright, whatever it calls its second region.
 */
export const regionFailureCheck: Check = {
  id: 'region-failure',
  judge: (grading) => {
    const { graph } = grading;
    const normal = servingProblems(grading.serving(NO_FAILURE), TARGETS.region);
    if (systemsOfRecord(graph).length === 0 || normal.length > 0) {
      return outcome(
        0,
        `Nothing to keep available: even with nothing failed, ${normal[0] ?? 'the users reach no system of record'} (R1, R3).`,
      );
    }
    const failures = regionFailures(graph);
    if (failures.length < 2) {
      const where = failures[0]?.kind === 'region' ? failures[0].region : graph.doc.regions.join(', ');
      return outcome(
        0,
        `Everything runs in ${where}: losing it stops the service, where the brief asks that it survive the loss of a region within 1 h, losing at most 15 min of data (R3).`,
      );
    }
    // Users cannot fail over by themselves: what they reach first must be global (DNS, CDN, a global load balancer).
    const direct = graph
      .next(graph.internet.component.id, 'request')
      .filter((n) => n.entry.scope !== 'global')
      .map((n) => ({
        ok: false,
        text: `the users reach ${grading.at(n)} directly, a ${n.entry.scope} service: after losing ${n.component.region} nothing sends them to another region; put DNS, a CDN or a global load balancer in front (R3)`,
      }));
    return judgeFindings(
      [...direct, ...failureFindings(grading, failures, TARGETS.region, 'R3')],
      'The design survives the loss of either region, losing at most 15 min of data and serving again within 1 h (R3).',
      'Losing a region stops the service or loses more data than the brief allows (R3).',
    );
  },
};
