import { clipDiagnostic, whereOf } from '../../_lib/grader-kit/diagnostic.ts';
import type { GraderOutput } from '../../_lib/grader-kit/result.ts';
import { failAll, judgeAll } from '../../_lib/grader-kit/result.ts';
import type { Check, Grading } from './check.ts';
import { checkRules } from './check-rules.ts';
import { annotatedCheck } from './checks/annotated.ts';
import { incidentCheck } from './checks/incidents.ts';
import { quietAtNightCheck, quietOnNoiseCheck } from './checks/quiet.ts';
import { routedCheck } from './checks/routed.ts';
import { rulesLoadCheck } from './checks/rules-load.ts';
import { waitsCheck } from './checks/waits.ts';
import { replayScenarios } from './replay.ts';
import { alertRules, ruleEntries } from './rules.ts';
import { SCENARIOS } from './scenarios.ts';
import { stageRuleFiles } from './stage.ts';
import type { Observation } from './unit-test.ts';
import type { Diagnostic } from './workspace.ts';
import { loadWorkspace, RULES_DIR } from './workspace.ts';

export type { GraderOutput } from '../../_lib/grader-kit/result.ts';

/** In challenge.yaml order; a test holds the two lists equal. */
export const CHECKS: readonly Check[] = [
  rulesLoadCheck,
  incidentCheck({
    id: 'pages-on-errors',
    condition: 'errors',
    requirement: 'R2',
    what: 'more than 5 % of requests failing with a 5xx',
  }),
  incidentCheck({
    id: 'pages-on-latency',
    condition: 'latency',
    requirement: 'R3',
    what: "the service's p99 latency above 1 s",
  }),
  incidentCheck({
    id: 'tickets-on-saturation',
    condition: 'saturation',
    requirement: 'R4',
    what: 'the pools more than 90 % in use',
  }),
  quietOnNoiseCheck,
  quietAtNightCheck,
  waitsCheck,
  routedCheck,
  annotatedCheck,
];

// promtool replays every rule in every scenario; a few hundred rules still fit the time limit.
const MAX_RULES = 400;

/**
 * Grades the rule files under `<dir>/rules/` with the real promtool (at /usr/bin/promtool, as in the
 * grader-prometheus image). The same files always give the same result. Throws only on a grader bug,
 * which the platform reports as a grader error.
 */
export async function gradeWorkspace(dir: string): Promise<GraderOutput> {
  const workspace = await loadWorkspace(dir);
  if (workspace.diagnostics.length > 0) return notGraded(workspace.diagnostics);
  if (workspace.files.length === 0) {
    const elsewhere =
      workspace.elsewhere.length > 0
        ? ` (${workspace.elsewhere.join(', ')} ${workspace.elsewhere.length === 1 ? 'is' : 'are'} never loaded)`
        : '';
    return failAllChecks(
      `Not graded: there is no rule file in ${RULES_DIR}/; Prometheus loads ${RULES_DIR}/*.yml and ${RULES_DIR}/*.yaml${elsewhere}.`,
    );
  }
  const entries = ruleEntries(workspace.files);
  if (entries.length > MAX_RULES) {
    return notGraded([{ file: RULES_DIR, line: 0, message: `more than ${MAX_RULES} rules to replay` }]);
  }
  const stage = await stageRuleFiles(workspace.files);
  try {
    const problems = await checkRules(stage, entries);
    if (problems.length > 0) return notGraded(problems, 'promtool check rules rejects the rules');
    const alerts = alertRules(entries);
    const observations = alerts.length > 0 ? await replayScenarios(stage) : silence();
    const grading: Grading = { alerts, observations };
    return { checks: judgeAll(CHECKS, grading) };
  } finally {
    await stage.remove();
  }
}

function silence(): Map<string, Observation> {
  return new Map(SCENARIOS.map((scenario) => [scenario.id, { scenario, firing: new Map() }]));
}

function notGraded(diagnostics: readonly Diagnostic[], why?: string): GraderOutput {
  const [first] = diagnostics as [Diagnostic];
  const detail = first.message.replace(/\.$/, '');
  const more =
    diagnostics.length > 1
      ? ` (and ${diagnostics.length - 1} more problem${diagnostics.length > 2 ? 's' : ''})`
      : '';
  const message = `Not graded: ${why ? `${why}: ` : ''}${whereOf(first)}: ${detail}${more}. Fix it and run the checks again.`;
  return { ...failAllChecks(message), diagnostics: diagnostics.map(clipDiagnostic) };
}

function failAllChecks(message: string): GraderOutput {
  return { checks: failAll(CHECKS, message) };
}
