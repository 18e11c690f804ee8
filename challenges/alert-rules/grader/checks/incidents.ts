import { firingMinutes, firingReport, observed, spans } from '../behaviour.ts';
import type { Check, CheckOutcome, Grading } from '../check.ts';
import { outcome } from '../check.ts';
import type { Observation } from '../unit-test.ts';

interface IncidentSpec {
  readonly id: string;
  readonly scenarioId: string;
  /** The requirement it judges, for messages: "R2". */
  readonly requirement: string;
  /** What the alert must notice: "the 5xx ratio above 5 %". */
  readonly condition: string;
}

// One minute of slack past the deadline: an alert evaluated on the deadline minute's second half
// shows up in the next minute's probe.
const GRACE_MINUTES = 1;

/**
 * An incident check: the candidate's alerts are identified by what they do, not by name. An alert
 * detects the incident when it fires during it but never during the healthy hour (an alert that is
 * always on detects nothing); it passes when it carries the expected severity, fires by the
 * deadline and keeps firing to the end of the scenario.
 */
export function incidentCheck(spec: IncidentSpec): Check {
  return { id: spec.id, judge: (grading) => judgeIncident(grading, spec) };
}

function judgeIncident(grading: Grading, spec: IncidentSpec): CheckOutcome {
  const incident = observed(grading, spec.scenarioId);
  const healthy = observed(grading, 'healthy');
  const { expect, title, minutes } = incident.scenario;
  if (expect.kind !== 'incident') throw new Error(`${spec.scenarioId} is not an incident`);
  for (const replay of [incident, healthy]) {
    if (replay.error) return outcome(0, `Could not replay ${replay.scenario.title}: ${replay.error}`);
  }
  const evidence = firingReport(incident);
  const alwaysOn = new Set(firingMinutes(healthy).keys());
  const detecting = [...firingMinutes(incident)].filter(([name]) => !alwaysOn.has(name));
  const from = expect.onset + expect.deadline + GRACE_MINUTES;
  const holds = (fired: readonly number[]) => {
    const set = new Set(fired);
    for (let minute = from; minute <= minutes; minute++) if (!set.has(minute)) return false;
    return true;
  };
  const rightSeverity = [...firingMinutes(incident, expect.severity)].filter(([name]) => !alwaysOn.has(name));
  const ask = `${spec.requirement} asks for severity ${expect.severity} within ${expect.deadline} minutes, firing for as long as it lasts`;

  const passing = rightSeverity.find(([, fired]) => holds(fired));
  if (passing) {
    const [name, fired] = passing;
    const first = fired.find((m) => m > expect.onset) ?? from;
    return outcome(
      1,
      `${name} fires with severity ${expect.severity} from minute ${first} of ${title} (${first - expect.onset} minutes in) and keeps firing.`,
      evidence,
    );
  }
  const wrongSeverity = detecting.find(([, fired]) => holds(fired));
  if (wrongSeverity) {
    const [name] = wrongSeverity;
    return outcome(
      0.5,
      `${name} notices ${spec.condition} in time, but fires with ${severities(incident, name)}; ${ask}.`,
      evidence,
    );
  }
  const late = rightSeverity.find(([, fired]) => fired.some((m) => m > expect.onset));
  if (late) {
    const [name, fired] = late;
    return outcome(
      0.5,
      `${name} notices ${spec.condition}, but only fires in ${spans(fired)} of ${title}; ${ask}.`,
      evidence,
    );
  }
  if (detecting.length > 0) {
    const names = detecting.map(([name]) => name).join(', ');
    return outcome(
      0.25,
      `${names} reacts to ${spec.condition}, but never with severity ${expect.severity} from minute ${from} to the end; ${ask}.`,
      evidence,
    );
  }
  if (evidence.length > 0) {
    return outcome(
      0,
      `Nothing detects ${spec.condition}: the alerts that fire during ${title} (${[...firingMinutes(incident).keys()].join(', ')}) also fire in an ordinary healthy hour; ${ask}.`,
      evidence,
    );
  }
  return outcome(0, `No alert fired during ${title}; ${ask}.`);
}

function severities(observation: Observation, name: string): string {
  const found = new Set<string>();
  for (const firings of observation.firing.values()) {
    for (const f of firings)
      if (f.alertname === name)
        found.add(f.severity === undefined ? 'no severity' : `severity ${f.severity}`);
  }
  return [...found].sort().join(' and ');
}
