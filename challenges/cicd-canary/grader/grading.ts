import {
  BRANCH,
  followsRun,
  otherEvents as otherEventsOf,
  runsOnPushToMain,
  workflowRunContext,
} from './github.ts';
import type { LocalActions } from './local-actions.ts';
import { touchesProduction } from './roles.ts';
import type { Scenario } from './scenario.ts';
import { generateScenarios, SEED } from './scenarios.ts';
import type { Trace, World } from './simulate.ts';
import { simulate } from './simulate.ts';
import type { WorkflowModel } from './workflow.ts';

const EVERYTHING: Scenario = {
  name: 'every job and step',
  varsSet: false,
  testsFail: false,
  canaryFails: false,
  analysis: 'pass',
  analysisMinutes: 10,
  deployMinutes: 1,
  runEverything: true,
};
/** GitHub starts at most three workflow_run workflows in a chain. */
const MAX_CHAIN = 3;

/** Everything the checks read, with the scenario runs computed once and shared. */
export interface Grading {
  readonly workflows: readonly WorkflowModel[];
  /** The local actions the workflows use, by folder. */
  readonly actions: LocalActions;
  /** The workflows a push to main starts. */
  readonly onPush: readonly WorkflowModel[];
  /** The generated scenarios, the same for every grading (a fixed seed). */
  readonly scenarios: readonly Scenario[];
  /** The runs a push to main starts in a scenario, workflow_run workflows chained after them. */
  runs(scenario: Scenario): readonly Trace[];
  /** Each workflow run for the events other than a push to main that start it, with a healthy canary. */
  otherEvents(): readonly { readonly event: string; readonly trace: Trace }[];
  /** Every workflow with every job and step run regardless of `if:`: what each job would do. */
  everything(): readonly Trace[];
  /** Why there is no pipeline to judge (no production deploy on a push to main), if so. */
  readonly missing: string | undefined;
  /** The brief's scripts that were changed, in words (the brief says not to change them). */
  readonly changedScripts: readonly string[];
}

export function createGrading(
  workflows: readonly WorkflowModel[],
  actions: LocalActions,
  changedScripts: readonly string[] = [],
): Grading {
  const world: World = { workflows, actions, variables: variablesRead(workflows, actions) };
  const onPush = workflows.filter((w) => runsOnPushToMain(w.template));
  const standalone = workflows.filter((w) => !onlyCalled(w));
  // Durations only matter against a timeout-minutes; without one, scenarios that differ only in
  // durations run the same way and share one simulation.
  const timed = [...workflows.map((w) => w.text), ...[...actions.values()].map((a) => a.text)].some((t) =>
    t.includes('timeout-minutes'),
  );
  const cache = new Map<Scenario | string, readonly Trace[]>();
  const runs = (scenario: Scenario): readonly Trace[] => {
    const key =
      timed || scenario === EVERYTHING
        ? scenario
        : `${scenario.varsSet}|${scenario.testsFail}|${scenario.canaryFails}|${scenario.analysis}`;
    let traces = cache.get(key);
    if (!traces) {
      traces =
        scenario === EVERYTHING
          ? standalone.map((w) => simulate(w, scenario, world))
          : onPush.map((w) => {
              const trace = simulate(w, scenario, world);
              return chain(trace, w, new Set(trace.results.keys()), scenario, world, 1);
            });
      cache.set(key, traces);
    }
    return traces;
  };
  const scenarios = generateScenarios(SEED, world.variables.length > 0);
  const healthy = scenarios.find((s) => !s.testsFail && !s.canaryFails && s.analysis === 'pass') as Scenario;
  const deploys = runs(healthy).some((t) => t.calls.some(touchesProduction));
  let missing: string | undefined;
  if (onPush.length === 0) missing = `No workflow runs on a push to ${BRANCH} any more.`;
  else if (!deploys) {
    missing = 'A push to main no longer deploys anything to production (./scripts/deploy.sh production …).';
  }
  let others: { event: string; trace: Trace }[] | undefined;
  const otherEvents = () => {
    others ??= standalone.flatMap((w) =>
      otherEventsOf(w.template).map(({ event, github }) => ({
        event: `${w.file} on ${event}`,
        trace: simulate(w, healthy, world, { github }),
      })),
    );
    return others;
  };
  return {
    workflows,
    actions,
    onPush,
    scenarios,
    runs,
    otherEvents,
    everything: () => runs(EVERYTHING),
    missing,
    changedScripts,
  };
}

/** A workflow only another workflow can start (`on: workflow_call` alone). */
export function onlyCalled(workflow: WorkflowModel): boolean {
  const events = Object.keys(workflow.template.events ?? {});
  return events.length > 0 && events.every((e) => e === 'workflow_call');
}

/**
 * Adds to a run the workflows GitHub starts when it completes (`on: workflow_run` naming it, for
 * main): their jobs come after every job of the run, and they see its conclusion.
 */
function chain(
  trace: Trace,
  from: WorkflowModel,
  fromKeys: ReadonlySet<string>,
  scenario: Scenario,
  world: World,
  depth: number,
): Trace {
  if (depth > MAX_CHAIN) return trace;
  const failed = [...fromKeys].some((k) => trace.results.get(k) === 'failure');
  let result = trace;
  for (const next of world.workflows) {
    if (!followsRun(next.template, from)) continue;
    const before = new Set(result.results.keys());
    result = simulate(next, scenario, world, {
      github: workflowRunContext(from, failed ? 'failure' : 'success'),
      after: fromKeys,
      prefix: `${next.file}#`,
      into: result,
    });
    const added = new Set([...result.results.keys()].filter((k) => !before.has(k)));
    result = chain(result, next, added, scenario, world, depth + 1);
  }
  return result;
}

const VARIABLE = /\bvars\s*\.\s*([A-Za-z_][A-Za-z0-9_-]*)/g;

/** The repository variables (`vars.NAME`) read anywhere in the workflows and local actions. */
function variablesRead(workflows: readonly WorkflowModel[], actions: LocalActions): string[] {
  const names = new Set<string>();
  const texts = [...workflows.map((w) => w.text), ...[...actions.values()].map((a) => a.text)];
  for (const text of texts) for (const match of text.matchAll(VARIABLE)) names.add(match[1] as string);
  return [...names].sort();
}
