import { stringify } from 'yaml';
import { parseSamples } from './go-labels.ts';
import type { Scenario } from './scenarios.ts';
import { SCRAPE_SECONDS } from './scenarios.ts';
import { inputSeries } from './series.ts';

/** One alert firing during one minute, as ALERTS reports it. */
export interface Firing {
  readonly alertname: string;
  /** The `severity` label the firing alert carries, if any. */
  readonly severity: string | undefined;
}

/** What happened during one scenario: per minute (1…minutes), the alerts that fired in it. */
export interface Observation {
  readonly scenario: Scenario;
  readonly firing: ReadonlyMap<number, readonly Firing[]>;
  /** Set when promtool could not replay the scenario (a rule failed to evaluate, a timeout). */
  readonly error?: string;
}

const PROBE_LABEL = 'gauntlet_probe';
const DONE = 'done';

/**
 * A promtool test file that replays `scenario` against the rule files and asks, for every minute,
 * which alerts were firing. Each probe expects nothing, so promtool prints exactly the minutes in
 * which something fired, with the alerts' names and severities; the last probe always "fails", to
 * prove the replay reached its end (promtool stops a test group at the first rule that errors).
 */
export function unitTestFile(scenario: Scenario, ruleFiles: readonly string[]): string {
  const probes = [];
  for (let minute = 1; minute <= scenario.minutes; minute++) {
    probes.push({
      // A window of one minute sees both rule evaluations of that minute, and nothing older.
      expr: `label_replace(count by (alertname, severity) (max_over_time(ALERTS{alertstate="firing"}[1m])), "${PROBE_LABEL}", "${minute}", "", "")`,
      eval_time: `${minute}m`,
      exp_samples: [],
    });
  }
  probes.push({
    expr: `label_replace(vector(1), "${PROBE_LABEL}", "${DONE}", "", "")`,
    eval_time: `${scenario.minutes}m`,
    exp_samples: [],
  });
  return stringify(
    {
      rule_files: ruleFiles,
      evaluation_interval: `${SCRAPE_SECONDS}s`,
      tests: [
        { interval: `${SCRAPE_SECONDS}s`, input_series: inputSeries(scenario), promql_expr_test: probes },
      ],
    },
    { lineWidth: 0 },
  );
}

/**
 * Reads promtool's report for a file from `unitTestFile`. Only promtool's own printout is parsed
 * here; the candidate's rules were never read as text to decide anything.
 */
export function readObservation(scenario: Scenario, report: string): Observation {
  const firing = new Map<number, Firing[]>();
  const ruleErrors: string[] = [];
  let done = false;
  for (const line of report.split('\n')) {
    const trimmed = line.trim();
    if (trimmed.startsWith('rule: ')) ruleErrors.push(trimmed);
    if (!trimmed.startsWith('got: ')) continue;
    for (const sample of parseSamples(trimmed.slice('got: '.length)) ?? []) {
      const probe = sample.labels[PROBE_LABEL];
      if (probe === DONE) done = true;
      const minute = Number(probe);
      const alertname = sample.labels.alertname;
      if (!Number.isInteger(minute) || alertname === undefined) continue;
      const list = firing.get(minute) ?? [];
      list.push({ alertname, severity: sample.labels.severity });
      firing.set(minute, list);
    }
  }
  if (done) return { scenario, firing };
  const reason =
    ruleErrors.length > 0
      ? `a rule failed to evaluate: ${ruleErrors.slice(0, 3).join('; ')}`
      : `promtool did not finish the replay: ${lastLines(report)}`;
  return { scenario, firing: new Map(), error: reason };
}

function lastLines(report: string): string {
  const lines = report
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  return lines.slice(-3).join(' / ').slice(0, 400) || 'no output';
}
