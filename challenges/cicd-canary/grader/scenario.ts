/**
 * What the world does in one scenario: how the canary deploy and its analysis behave, and how long
 * they take. The brief sets the space: a deploy takes up to 12 minutes, the analysis 10 to 15.
 */
export type AnalysisOutcome = 'pass' | 'fail' | 'error';

export interface Scenario {
  /** The scenario in words, for failure messages. */
  readonly name: string;
  /**
   * Every repository variable the workflows read (`vars.NAME`) is set to 'true'. A variable is set
   * outside the repository, so what it could switch on (an escape hatch, a tolerated failure) is
   * judged: such scenarios only test what must never happen.
   */
  readonly varsSet: boolean;
  /** The tests (`npm test`) fail: nothing may reach production. */
  readonly testsFail: boolean;
  /** The canary deploy itself fails (exit 1). */
  readonly canaryFails: boolean;
  /**
   * pass: exit 0 and verdict=pass; fail: exit 1 and verdict=fail; error: exit 2 with no verdict
   * (the metrics could not be read).
   */
  readonly analysis: AnalysisOutcome;
  /** How long the analysis script runs, in minutes. */
  readonly analysisMinutes: number;
  /** How long each deploy.sh call runs, in minutes. */
  readonly deployMinutes: number;
  /** Ignore every `if:` and run everything: used to find what a job would do at all. */
  readonly runEverything?: boolean;
}

/** The brief's bounds: a deploy takes up to 12 minutes, the analysis 10 to 15. */
export const MAX_DEPLOY_MINUTES = 12;
export const MAX_ANALYSIS_MINUTES = 15;
export const MIN_ANALYSIS_MINUTES = 10;

/** What the requirements say must happen in a scenario. */
export interface Expected {
  /** R1: a canary is deployed at all (only once the tests pass); undefined when either is acceptable. */
  readonly canary: boolean | undefined;
  /** R2: production is promoted (and only after the passed analysis); undefined when not required. */
  readonly promote: boolean | undefined;
  /** R3: the canary is rolled back after the analysis; undefined when either is acceptable. */
  readonly rollback: boolean | undefined;
}

/** The oracle: computed from R2–R4, never from the reference workflow. */
export function expected(scenario: Scenario): Expected {
  if (scenario.varsSet) {
    const bad = scenario.testsFail || scenario.canaryFails || scenario.analysis !== 'pass';
    return {
      canary: scenario.testsFail ? false : undefined,
      promote: bad ? false : undefined,
      rollback: undefined,
    };
  }
  if (scenario.testsFail) return { canary: false, promote: false, rollback: undefined };
  if (scenario.canaryFails) return { canary: true, promote: false, rollback: undefined };
  if (scenario.analysis === 'pass') return { canary: true, promote: true, rollback: false };
  return { canary: true, promote: false, rollback: true };
}

export function describeScenario(
  testsFail: boolean,
  canaryFails: boolean,
  analysis: AnalysisOutcome,
  analysisMinutes: number,
  deployMinutes: number,
): string {
  if (testsFail) return `npm test fails (each deploy would take ${deployMinutes} min)`;
  const deploy = canaryFails
    ? `the canary deploy fails after ${deployMinutes} min`
    : `each deploy takes ${deployMinutes} min`;
  const verdict = {
    pass: 'passes (exit 0, verdict=pass)',
    fail: 'fails (exit 1, verdict=fail)',
    error: 'errors (exit 2, no verdict)',
  }[analysis];
  return `${deploy} and the analysis ${verdict} after ${analysisMinutes} min`;
}
