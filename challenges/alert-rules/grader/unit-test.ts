import { stringify } from 'yaml';
import { parseSamples } from './go-labels.ts';
import type { Scenario } from './model.ts';
import { SCRAPE_SECONDS } from './model.ts';
import { inputSeries } from './series.ts';

/** One alert firing during one minute, with the routing labels it carried, as ALERTS reports it. */
export interface Firing {
  readonly alertname: string;
  readonly severity: string | undefined;
  readonly team: string | undefined;
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
const FIRING = 'ALERTS{alertstate="firing"}';

/**
 * A promtool test file that replays every scenario (one test group each) against the rule files
 * and asks, for every minute, which alerts were firing. Each probe expects nothing, so promtool
 * prints exactly the minutes in which something fired, with the alerts' names and routing labels;
 * each group's last probe always "fails", to prove its replay reached the end (promtool stops a
 * test group at the first rule that errors).
 */
export function unitTestFile(scenarios: readonly Scenario[], ruleFiles: readonly string[]): string {
  return stringify(
    {
      rule_files: ruleFiles,
      evaluation_interval: `${SCRAPE_SECONDS}s`,
      tests: scenarios.map((scenario) => ({
        interval: `${SCRAPE_SECONDS}s`,
        input_series: inputSeries(scenario),
        promql_expr_test: probes(scenario),
      })),
    },
    { lineWidth: 0 },
  );
}

function probes(scenario: Scenario) {
  const list = [];
  for (let minute = 1; minute <= scenario.minutes; minute++) {
    list.push({
      // A window of one minute sees both rule evaluations of that minute; the instant selector adds
      // an alert whose group evaluates less often (`interval: 5m`) and is still firing: Prometheus
      // marks ALERTS stale when an alert resolves, so the instant value is never an old one.
      expr: `label_replace(count by (alertname, severity, team) (max_over_time(${FIRING}[1m]) or ${FIRING}), "${PROBE_LABEL}", "${scenario.id}/${minute}", "", "")`,
      eval_time: `${minute}m`,
      exp_samples: [],
    });
  }
  list.push({
    expr: `label_replace(vector(1), "${PROBE_LABEL}", "${scenario.id}/${DONE}", "", "")`,
    eval_time: `${scenario.minutes}m`,
    exp_samples: [],
  });
  return list;
}

/**
 * Reads promtool's report for a file from `unitTestFile`. Only promtool's own printout is parsed
 * here; the candidate's rules were never read as text to decide anything. A scenario whose replay
 * did not reach its end gets `error`, quoting promtool's rule errors.
 */
export function readObservations(scenarios: readonly Scenario[], report: string): Map<string, Observation> {
  const firing = new Map<string, Map<number, Firing[]>>(scenarios.map((s) => [s.id, new Map()]));
  const done = new Set<string>();
  const ruleErrors: string[] = [];
  for (const line of report.split('\n')) {
    const trimmed = line.trim();
    if (/^rule(?: \d+)?: /i.test(trimmed) || trimmed.startsWith('group ')) ruleErrors.push(trimmed);
    if (!trimmed.startsWith('got: ')) continue;
    for (const sample of parseSamples(trimmed.slice('got: '.length)) ?? []) {
      const probe = sample.labels[PROBE_LABEL] ?? '';
      const slash = probe.lastIndexOf('/');
      const id = probe.slice(0, slash);
      const at = probe.slice(slash + 1);
      const minutes = firing.get(id);
      if (!minutes) continue;
      if (at === DONE) done.add(id);
      const minute = Number(at);
      const alertname = sample.labels.alertname;
      if (!Number.isInteger(minute) || alertname === undefined) continue;
      const list = minutes.get(minute) ?? [];
      list.push({ alertname, severity: sample.labels.severity, team: sample.labels.team });
      minutes.set(minute, list);
    }
  }
  const reason =
    ruleErrors.length > 0
      ? `a rule failed to evaluate: ${[...new Set(ruleErrors)].slice(0, 3).join('; ')}`
      : `promtool did not finish the replay: ${lastLines(report)}`;
  return new Map(
    scenarios.map((scenario) => [
      scenario.id,
      done.has(scenario.id)
        ? { scenario, firing: firing.get(scenario.id) ?? new Map() }
        : { scenario, firing: new Map(), error: reason },
    ]),
  );
}

function lastLines(report: string): string {
  const lines = report
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  return lines.slice(-3).join(' / ').slice(0, 400) || 'no output';
}
