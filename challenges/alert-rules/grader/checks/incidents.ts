import { alwaysOn, judgeIncident, mustMinutes, nameRule } from '../behaviour.ts';
import type { Check, CheckOutcome, Grading } from '../check.ts';
import { outcome } from '../check.ts';
import type { Condition } from '../oracle.ts';
import { DEADLINE, SEVERITY } from '../oracle.ts';
import type { Observation } from '../unit-test.ts';

interface IncidentSpec {
  readonly id: string;
  readonly condition: Condition;
  /** The requirement it judges, for messages: "R2". */
  readonly requirement: string;
  /** What the alert must notice: "more than 5 % of requests failing with a 5xx". */
  readonly what: string;
}

/**
 * An incident check: every generated scenario in which the oracle says the condition holds long
 * enough must see an alert of the right severity fire by the deadline and keep firing while it
 * lasts. Alerts are identified by what they do, not by name; one that also fires in an ordinary
 * healthy hour detects nothing. Credit is the mean over those scenarios.
 */
export function incidentCheck(spec: IncidentSpec): Check {
  return { id: spec.id, judge: (grading) => judge(grading, spec) };
}

function judge(grading: Grading, spec: IncidentSpec): CheckOutcome {
  const severity = SEVERITY[spec.condition];
  const ask = `${spec.requirement} asks for severity ${severity} within ${DEADLINE[spec.condition]} minutes of ${spec.what}, firing for as long as it lasts`;
  const relevant = [...grading.observations.values()].filter(
    (o) => mustMinutes(o, spec.condition).length > 0,
  );
  const ignore = alwaysOn(grading);
  let total = 0;
  const failures: string[] = [];
  const responders = new Set<string>();
  for (const observation of relevant) {
    const { title } = observation.scenario;
    if (observation.error) {
      failures.push(`${title}: could not be replayed (${observation.error})`);
      continue;
    }
    const verdict = judgeIncident(observation, spec.condition, ignore);
    total += verdict.score;
    for (const name of verdict.responders) responders.add(name);
    if (verdict.problem) failures.push(`${title}: ${verdict.problem}`);
  }
  const score = relevant.length === 0 ? 0 : total / relevant.length;
  const broken = relevant.filter((o) => o.error);
  if (broken.length > 0) {
    const [first] = broken as [Observation];
    return outcome(
      score,
      `Could not replay ${broken.length} of ${relevant.length} scenarios with ${spec.what}: ${first.scenario.title}: ${first.error}`,
      failures,
    );
  }
  const names = [...responders].map((n) => nameRule(grading, n));
  if (failures.length === 0) {
    return outcome(
      score,
      `${names.join(', ')} fires with severity ${severity} in time and holds in all ${relevant.length} scenarios with ${spec.what}.`,
    );
  }
  const who =
    names.length > 0
      ? ` (${names.join(', ')} fired in other such scenarios)`
      : ignore.size > 0
        ? ` (alerts that also fire in a healthy hour detect nothing: ${[...ignore].map((n) => nameRule(grading, n)).join(', ')})`
        : '';
  return outcome(
    score,
    `${failures.length} of ${relevant.length} scenarios with ${spec.what} went wrong${who}. ${failures[0]}; ${ask}.`,
    failures,
  );
}
