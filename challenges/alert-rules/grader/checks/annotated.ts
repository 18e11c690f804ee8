import type { Check } from '../check.ts';
import { outcome, share } from '../check.ts';
import { SERVICE } from '../model.ts';
import { describeRule } from '../rules.ts';

const RUNBOOK_HOST = 'runbooks.example.com';
const RUNBOOK_PATH = `/${SERVICE}/`;

/** R9: every alert says what is wrong (summary) and links its runbook page. */
export const annotatedCheck: Check = {
  id: 'alerts-annotated',
  judge: ({ alerts }) => {
    if (alerts.length === 0) return outcome(0, 'There are no alerting rules to judge.');
    const bare = alerts.flatMap((rule) => {
      const { summary, runbook_url: runbook } = rule.annotations;
      const problems = [
        typeof summary === 'string' && summary.trim() !== '' ? '' : 'no summary',
        runbookProblem(runbook),
      ].filter(Boolean);
      return problems.length === 0 ? [] : [`${describeRule(rule)}: ${problems.join(', ')}`];
    });
    if (bare.length === 0)
      return outcome(1, 'Every alert has a summary and a runbook_url under the runbook site.');
    return outcome(
      share(alerts.length - bare.length, alerts.length),
      `${bare.length} of ${alerts.length} alerts lack a summary or a runbook link: R9 asks for both, the link pointing at a page under https://${RUNBOOK_HOST}${RUNBOOK_PATH}.`,
      bare,
    );
  },
};

function runbookProblem(value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') return 'no runbook_url';
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    return `runbook_url ${JSON.stringify(value).slice(0, 120)} is not a URL`;
  }
  const page = url.pathname.startsWith(RUNBOOK_PATH) && url.pathname.length > RUNBOOK_PATH.length;
  if (url.protocol !== 'https:' || url.hostname !== RUNBOOK_HOST || !page) {
    return `runbook_url ${url.href.slice(0, 120)} is not a page under https://${RUNBOOK_HOST}${RUNBOOK_PATH}`;
  }
  return '';
}
