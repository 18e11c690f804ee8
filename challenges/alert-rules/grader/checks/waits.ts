import type { Check } from '../check.ts';
import { outcome, share } from '../check.ts';
import { formatDuration, parseDuration } from '../duration.ts';
import { describeRule } from '../rules.ts';

const MIN_FOR_SECONDS = 60;

/** R7: every alerting rule holds for at least a minute before it fires. */
export const waitsCheck: Check = {
  id: 'alerts-wait',
  judge: ({ alerts }) => {
    if (alerts.length === 0) return outcome(0, 'There are no alerting rules to judge.');
    const eager = alerts.flatMap((rule) => {
      const raw = rule.value.for;
      const seconds = typeof raw === 'string' ? parseDuration(raw) : undefined;
      if (seconds !== undefined && seconds >= MIN_FOR_SECONDS) return [];
      const why =
        raw === undefined
          ? 'has no for:'
          : `waits only ${seconds === undefined ? String(raw) : formatDuration(seconds)}`;
      return [`${describeRule(rule)} ${why}`];
    });
    if (eager.length === 0) return outcome(1, 'Every alert holds for at least a minute before it fires.');
    return outcome(
      share(alerts.length - eager.length, alerts.length),
      `${eager.length} of ${alerts.length} alerts fire without waiting at least a minute (for:); R7 asks every alert to wait.`,
      eager,
    );
  },
};
