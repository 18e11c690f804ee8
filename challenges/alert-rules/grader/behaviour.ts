/**
 * What the replays say against what the oracle asks: per scenario, the alerts that fired when
 * nothing should have, and whether the alert an incident needs fired in time and held.
 */
import type { Grading } from './check.ts';
import type { Condition, Expectations, Need } from './oracle.ts';
import { expectations, SEVERITY } from './oracle.ts';
import { describeRule } from './rules.ts';
import type { Firing, Observation } from './unit-test.ts';

/** The observation of one scenario; every scenario is replayed, so a missing one is a grader bug. */
export function observed(grading: Grading, scenarioId: string): Observation {
  const observation = grading.observations.get(scenarioId);
  if (!observation) throw new Error(`scenario ${scenarioId} was not replayed`);
  return observation;
}

const cache = new WeakMap<object, Expectations>();
export function expected(observation: Observation): Expectations {
  const found = cache.get(observation.scenario);
  if (found) return found;
  const computed = expectations(observation.scenario);
  cache.set(observation.scenario, computed);
  return computed;
}

/** Alerts that fire in an ordinary healthy hour: they detect nothing, whatever else they do. */
export function alwaysOn(grading: Grading): Set<string> {
  const healthy = observed(grading, 'healthy');
  return new Set([...healthy.firing.values()].flat().map((f) => f.alertname));
}

/** Whether `firing` may happen at a minute the oracle describes. */
function allowed(firing: Firing, page: Need, ticket: Need): boolean {
  if (firing.severity === 'page') return page !== 'mustNot';
  if (firing.severity === 'ticket') return ticket !== 'mustNot';
  return page !== 'mustNot' || ticket !== 'mustNot';
}

/** Alert name → the minutes in which it fired though nothing may (R5, R6 and the SLOs' "no more"). */
export function noise(observation: Observation): Map<string, number[]> {
  const { bySeverity } = expected(observation);
  const byName = new Map<string, number[]>();
  for (const minute of [...observation.firing.keys()].sort((a, b) => a - b)) {
    for (const firing of observation.firing.get(minute) ?? []) {
      const page = bySeverity.page[minute] ?? 'mustNot';
      const ticket = bySeverity.ticket[minute] ?? 'mustNot';
      if (allowed(firing, page, ticket)) continue;
      const list = byName.get(firing.alertname) ?? [];
      if (list.at(-1) !== minute) list.push(minute);
      byName.set(firing.alertname, list);
    }
  }
  return byName;
}

/** The minutes in which an alert for `condition` must fire (empty: the scenario asks nothing of it). */
export function mustMinutes(observation: Observation, condition: Condition): number[] {
  const needs = expected(observation).byCondition[condition];
  const minutes: number[] = [];
  needs.forEach((need, minute) => {
    if (need === 'must') minutes.push(minute);
  });
  return minutes;
}

export interface IncidentVerdict {
  readonly score: number;
  /** Empty when it passed. */
  readonly problem: string;
  /** Alerts that fired with the right severity in some of the minutes. */
  readonly responders: readonly string[];
}

/**
 * Whether some alert that is not always on fired with the condition's severity in every minute it
 * must. Half credit when an alert covers every minute with another severity, a quarter when the
 * right severity covers only part of them.
 */
export function judgeIncident(
  observation: Observation,
  condition: Condition,
  ignore: ReadonlySet<string>,
): IncidentVerdict {
  const severity = SEVERITY[condition];
  const minutes = mustMinutes(observation, condition);
  const at = (minute: number) =>
    (observation.firing.get(minute) ?? []).filter((f) => !ignore.has(f.alertname));
  const right = minutes.filter((m) => at(m).some((f) => f.severity === severity));
  const responders = [
    ...new Set(
      minutes.flatMap((m) =>
        at(m)
          .filter((f) => f.severity === severity)
          .map((f) => f.alertname),
      ),
    ),
  ].sort();
  if (right.length === minutes.length) return { score: 1, problem: '', responders };
  const missed = minutes.filter((m) => !right.includes(m));
  const other = minutes.every((m) => at(m).length > 0);
  if (other) {
    const labels = [
      ...new Set(
        minutes.flatMap((m) => at(m).map((f) => `${f.alertname} with severity ${f.severity ?? '(none)'}`)),
      ),
    ];
    return {
      score: 0.5,
      problem: `${labels.slice(0, 3).join(', ')} fired, but no alert with severity ${severity} in ${spans(missed)}`,
      responders,
    };
  }
  return {
    score: right.length > 0 ? 0.25 : 0,
    problem:
      right.length > 0
        ? `the alert with severity ${severity} fired in ${spans(right)} only, not in ${spans(missed)}`
        : `no alert with severity ${severity} fired in ${spans(missed)}`,
    responders,
  };
}

/** `HighErrorRatio (rules/checkout.yml line 12)`, or the bare name if no rule defines it. */
export function nameRule(grading: Grading, alertname: string): string {
  const rule = grading.alerts.find((a) => a.name === alertname);
  return rule ? describeRule(rule) : alertname;
}

/** True when some alert fired in some minute an incident needed it: staying quiet then means something. */
export function detectsAnything(grading: Grading, conditions: readonly Condition[]): boolean {
  const ignore = alwaysOn(grading);
  return [...grading.observations.values()].some((o) =>
    conditions.some((c) =>
      mustMinutes(o, c).some((m) => (o.firing.get(m) ?? []).some((f) => !ignore.has(f.alertname))),
    ),
  );
}

/** `minutes 3–7, 12` for a sorted list of minutes. */
export function spans(minutes: readonly number[]): string {
  const parts: string[] = [];
  let start = minutes[0];
  let previous = start;
  for (const minute of [...minutes.slice(1), undefined]) {
    if (minute !== undefined && previous !== undefined && minute === previous + 1) {
      previous = minute;
      continue;
    }
    if (start !== undefined) parts.push(start === previous ? `${start}` : `${start}–${previous}`);
    start = minute;
    previous = minute;
  }
  return `${minutes.length === 1 ? 'minute' : 'minutes'} ${parts.join(', ')}`;
}
