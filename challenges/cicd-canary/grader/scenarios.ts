import fc from 'fast-check';
import type { AnalysisOutcome, Scenario } from './scenario.ts';
import {
  describeScenario,
  MAX_ANALYSIS_MINUTES,
  MAX_DEPLOY_MINUTES,
  MIN_ANALYSIS_MINUTES,
} from './scenario.ts';

/** The hidden scenarios are the same for every grading: a fixed seed. */
export const SEED = 20_261_201;
const RANDOM_PER_KIND = 2;
const OUTCOMES: readonly AnalysisOutcome[] = ['pass', 'fail', 'error'];

/**
 * The scenarios a pipeline is run through: every kind (canary deploy fails or not × analysis passes,
 * fails or errors, and the tests failing), each with durations at the edges of the brief's bounds (the fastest, and the
 * longest: 12 min per deploy, 15 min of analysis) and a few drawn from the seed in
 * between. Timeouts the pipeline sets are judged against these durations.
 */
export function generateScenarios(seed = SEED, readsVariables = false): Scenario[] {
  const durations = fc.record({
    analysisMinutes: tenths(MIN_ANALYSIS_MINUTES, MAX_ANALYSIS_MINUTES),
    deployMinutes: tenths(0.5, MAX_DEPLOY_MINUTES),
  });
  const drawn = fc.sample(durations, { seed, numRuns: RANDOM_PER_KIND * 7 });
  const edges = [
    { analysisMinutes: MIN_ANALYSIS_MINUTES, deployMinutes: 0.5 },
    { analysisMinutes: MAX_ANALYSIS_MINUTES, deployMinutes: MAX_DEPLOY_MINUTES },
  ];
  const scenarios: Scenario[] = [];
  let index = 0;
  const kinds = [
    ...[false, true].flatMap((canaryFails) =>
      OUTCOMES.map((analysis) => ({ testsFail: false, canaryFails, analysis })),
    ),
    { testsFail: true, canaryFails: false, analysis: 'pass' as const },
  ];
  for (const { testsFail, canaryFails, analysis } of kinds) {
    {
      const mine = drawn.slice(index * RANDOM_PER_KIND, (index + 1) * RANDOM_PER_KIND);
      index++;
      for (const { analysisMinutes, deployMinutes } of [...edges, ...mine]) {
        scenarios.push({
          name: describeScenario(testsFail, canaryFails, analysis, analysisMinutes, deployMinutes),
          varsSet: false,
          testsFail,
          canaryFails,
          analysis,
          analysisMinutes,
          deployMinutes,
        });
      }
    }
  }
  // With the workflows' repository variables set, at the longest durations: what a variable can
  // switch on must not promote a bad canary.
  if (readsVariables) {
    const longest = edges[1] as (typeof edges)[number];
    for (const { testsFail, canaryFails, analysis } of kinds) {
      const base = describeScenario(
        testsFail,
        canaryFails,
        analysis,
        longest.analysisMinutes,
        longest.deployMinutes,
      );
      scenarios.push({
        name: `${base}, with every repository variable the workflows read set to 'true'`,
        varsSet: true,
        testsFail,
        canaryFails,
        analysis,
        ...longest,
      });
    }
  }
  return scenarios;
}

/** Minutes in tenths between two bounds, inclusive. */
function tenths(min: number, max: number): fc.Arbitrary<number> {
  return fc.integer({ min: Math.round(min * 10), max: Math.round(max * 10) }).map((n) => n / 10);
}
