import type { Check, Grading } from '../check.ts';
import { outcome, share } from '../check.ts';
import type { AlertRule } from '../rules.ts';
import { describeRule } from '../rules.ts';

const SEVERITIES = ['page', 'ticket'];
const TEAM = 'checkout';

/**
 * R8: every alert carries the labels Alertmanager routes on. An alert that fired in some replay is
 * judged by the labels it fired with (rule labels, templates rendered, and those its expression
 * kept), as Alertmanager receives them; one that never fired, by the labels its rule states, and a
 * templated value there cannot be shown to route anywhere.
 */
export const routedCheck: Check = {
  id: 'alerts-routed',
  judge: (grading) => {
    const { alerts } = grading;
    if (alerts.length === 0) return outcome(0, 'There are no alerting rules to judge.');
    const fired = firedLabels(grading);
    const unrouted = alerts.flatMap((rule) => {
      const problems = fired.has(rule.name)
        ? firedProblems(fired.get(rule.name) ?? [])
        : statedProblems(rule);
      return problems.length === 0 ? [] : [`${describeRule(rule)}: ${problems.join(', ')}`];
    });
    if (unrouted.length === 0)
      return outcome(1, 'Every alert carries severity (page or ticket) and team: checkout.');
    return outcome(
      share(alerts.length - unrouted.length, alerts.length),
      `${unrouted.length} of ${alerts.length} alerts lack the labels Alertmanager routes on: ${unrouted[0]}; R8 asks for severity page or ticket and team: checkout.`,
      unrouted,
    );
  },
};

type Routing = { severity: string | undefined; team: string | undefined };

function firedLabels(grading: Grading): Map<string, Routing[]> {
  const byName = new Map<string, Routing[]>();
  for (const observation of grading.observations.values()) {
    for (const firings of observation.firing.values()) {
      for (const f of firings) {
        const list = byName.get(f.alertname) ?? [];
        if (!list.some((r) => r.severity === f.severity && r.team === f.team)) {
          list.push({ severity: f.severity, team: f.team });
        }
        byName.set(f.alertname, list);
      }
    }
  }
  return byName;
}

function firedProblems(routings: readonly Routing[]): string[] {
  const problems = new Set<string>();
  for (const { severity, team } of routings) {
    if (severity === undefined || !SEVERITIES.includes(severity))
      problems.add(`fired with severity ${severity === undefined ? 'missing' : JSON.stringify(severity)}`);
    if (team !== TEAM)
      problems.add(`fired with team ${team === undefined ? 'missing' : JSON.stringify(team)}`);
  }
  return [...problems];
}

function statedProblems(rule: AlertRule): string[] {
  const { severity, team } = rule.labels;
  const templated = (value: unknown) => typeof value === 'string' && value.includes('{{');
  return [
    typeof severity === 'string' && SEVERITIES.includes(severity)
      ? ''
      : templated(severity)
        ? `severity ${JSON.stringify(severity)} is a template that never rendered in a replay, so it cannot be shown to be page or ticket`
        : `severity is ${severity === undefined ? 'missing' : JSON.stringify(severity)}`,
    team === TEAM
      ? ''
      : templated(team)
        ? `team ${JSON.stringify(team)} is a template that never rendered in a replay`
        : `team is ${team === undefined ? 'missing' : JSON.stringify(team)}`,
  ].filter(Boolean);
}
