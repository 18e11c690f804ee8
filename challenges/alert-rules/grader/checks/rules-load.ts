import type { Check } from '../check.ts';
import { outcome } from '../check.ts';

/**
 * R1. Files that promtool rejects never reach this check (grade-workspace.ts fails every check with
 * promtool's message); what is left to judge is that the files define alerts at all.
 */
export const rulesLoadCheck: Check = {
  id: 'rules-load',
  judge: ({ alerts }) => {
    if (alerts.length === 0) {
      return outcome(
        0,
        'promtool check rules accepts the files, but they define no alerting rule (`alert:`).',
      );
    }
    const files = new Set(alerts.map((a) => a.file));
    return outcome(
      1,
      `promtool check rules accepts the files; ${alerts.length} alerting rule${alerts.length === 1 ? '' : 's'} in ${[...files].join(', ')}.`,
    );
  },
};
