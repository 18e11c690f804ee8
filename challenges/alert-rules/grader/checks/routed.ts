import type { Check } from '../check.ts';
import { outcome, share } from '../check.ts';
import { describeRule } from '../rules.ts';

const SEVERITIES = ['page', 'ticket'];
const TEAM = 'checkout';

/** R8: every alert carries the labels Alertmanager routes on. */
export const routedCheck: Check = {
  id: 'alerts-routed',
  judge: ({ alerts }) => {
    if (alerts.length === 0) return outcome(0, 'There are no alerting rules to judge.');
    const unrouted = alerts.flatMap((rule) => {
      const { severity, team } = rule.labels;
      const problems = [
        typeof severity === 'string' && SEVERITIES.includes(severity)
          ? ''
          : `severity is ${severity === undefined ? 'missing' : JSON.stringify(severity)}`,
        team === TEAM ? '' : `team is ${team === undefined ? 'missing' : JSON.stringify(team)}`,
      ].filter(Boolean);
      return problems.length === 0 ? [] : [`${describeRule(rule)}: ${problems.join(', ')}`];
    });
    if (unrouted.length === 0)
      return outcome(1, 'Every alert carries severity (page or ticket) and team: checkout.');
    return outcome(
      share(alerts.length - unrouted.length, alerts.length),
      `${unrouted.length} of ${alerts.length} alerts lack the labels Alertmanager routes on: R8 asks for severity page or ticket and team: checkout.`,
      unrouted,
    );
  },
};
