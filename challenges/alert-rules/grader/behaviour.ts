import type { Grading } from './check.ts';
import type { Observation } from './unit-test.ts';

/** The observation of one scenario; every scenario is replayed, so a missing one is a grader bug. */
export function observed(grading: Grading, scenarioId: string): Observation {
  const observation = grading.observations.get(scenarioId);
  if (!observation) throw new Error(`scenario ${scenarioId} was not replayed`);
  return observation;
}

/** Alert name → the minutes it fired in (with `severity`, when given), in order. */
export function firingMinutes(observation: Observation, severity?: string): Map<string, number[]> {
  const byName = new Map<string, number[]>();
  const minutes = [...observation.firing.keys()].sort((a, b) => a - b);
  for (const minute of minutes) {
    for (const firing of observation.firing.get(minute) ?? []) {
      if (severity !== undefined && firing.severity !== severity) continue;
      const list = byName.get(firing.alertname) ?? [];
      if (list.at(-1) !== minute) list.push(minute);
      byName.set(firing.alertname, list);
    }
  }
  return new Map([...byName].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** `HighErrorRatio fired in minutes 21–26` lines, one per alert that fired in the scenario. */
export function firingReport(observation: Observation): string[] {
  return [...firingMinutes(observation)].map(([name, minutes]) => `${name} fired in ${spans(minutes)}`);
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

/** True when some alert fired in some incident scenario: staying quiet elsewhere then means something. */
export function detectsAnything(grading: Grading): boolean {
  return [...grading.observations.values()].some(
    (o) => o.scenario.expect.kind === 'incident' && o.firing.size > 0,
  );
}
