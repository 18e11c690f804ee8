import { runsOnPushToMain } from './github.ts';
import { touchesProduction } from './roles.ts';
import type { Scenario, Trace } from './simulate.ts';
import { simulate } from './simulate.ts';
import type { WorkflowModel } from './workflow.ts';

/** The three situations the pipeline is run through, and a run of everything. */
export const HEALTHY: Scenario = {
  name: 'the canary analysis passes',
  analysisPasses: true,
  canaryFails: false,
};
export const UNHEALTHY: Scenario = {
  name: 'the canary analysis fails',
  analysisPasses: false,
  canaryFails: false,
};
/** The analysis passes here: stale metrics look healthy, so only the pipeline's structure protects prod. */
export const BROKEN_CANARY: Scenario = {
  name: 'the canary deploy fails',
  analysisPasses: true,
  canaryFails: true,
};
const EVERYTHING: Scenario = {
  name: 'every job and step',
  analysisPasses: true,
  canaryFails: false,
  runEverything: true,
};

/** Everything the checks read, with the scenario runs computed once and shared. */
export interface Grading {
  readonly workflows: readonly WorkflowModel[];
  /** The workflows a push to main starts. */
  readonly onPush: readonly WorkflowModel[];
  /** The runs of the push workflows in a scenario. */
  runs(scenario: Scenario): readonly Trace[];
  /** Every workflow with every job and step run regardless of `if:`: what each job would do. */
  everything(): readonly Trace[];
  /** Why there is no pipeline to judge (no production deploy on a push to main), if so. */
  readonly missing: string | undefined;
}

export function createGrading(workflows: readonly WorkflowModel[]): Grading {
  const onPush = workflows.filter((w) => runsOnPushToMain(w.template));
  const cache = new Map<Scenario, readonly Trace[]>();
  const runs = (scenario: Scenario): readonly Trace[] => {
    let traces = cache.get(scenario);
    if (!traces) {
      const subjects = scenario === EVERYTHING ? workflows : onPush;
      traces = subjects.map((w) => simulate(w, scenario));
      cache.set(scenario, traces);
    }
    return traces;
  };
  const deploys = runs(HEALTHY).some((t) => t.calls.some(touchesProduction));
  let missing: string | undefined;
  if (onPush.length === 0) missing = 'No workflow runs on a push to main any more.';
  else if (!deploys) {
    missing = 'A push to main no longer deploys anything to production (./scripts/deploy.sh production …).';
  }
  return { workflows, onPush, runs, everything: () => runs(EVERYTHING), missing };
}
