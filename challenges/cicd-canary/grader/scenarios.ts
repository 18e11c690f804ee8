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
 * fails or errors), each with durations at the edges of the brief's bounds (the fastest, and just
 * under the longest: 11.9 min per deploy, 14.9 min of analysis) and a few drawn from the seed in
 * between. Timeouts the pipeline sets are judged against these durations.
 */
export function generateScenarios(seed = SEED): Scenario[] {
  const durations = fc.record({
    analysisMinutes: tenths(MIN_ANALYSIS_MINUTES, MAX_ANALYSIS_MINUTES - 0.1),
    deployMinutes: tenths(0.5, MAX_DEPLOY_MINUTES - 0.1),
  });
  const drawn = fc.sample(durations, { seed, numRuns: RANDOM_PER_KIND * 6 });
  const edges = [
    { analysisMinutes: MIN_ANALYSIS_MINUTES, deployMinutes: 0.5 },
    { analysisMinutes: MAX_ANALYSIS_MINUTES - 0.1, deployMinutes: MAX_DEPLOY_MINUTES - 0.1 },
  ];
  const scenarios: Scenario[] = [];
  let index = 0;
  for (const canaryFails of [false, true]) {
    for (const analysis of OUTCOMES) {
      const mine = drawn.slice(index * RANDOM_PER_KIND, (index + 1) * RANDOM_PER_KIND);
      index++;
      for (const { analysisMinutes, deployMinutes } of [...edges, ...mine]) {
        scenarios.push({
          name: describeScenario(canaryFails, analysis, analysisMinutes, deployMinutes),
          canaryFails,
          analysis,
          analysisMinutes,
          deployMinutes,
        });
      }
    }
  }
  return scenarios;
}

/** Minutes in tenths between two bounds, inclusive. */
function tenths(min: number, max: number): fc.Arbitrary<number> {
  return fc.integer({ min: Math.round(min * 10), max: Math.round(max * 10) }).map((n) => n / 10);
}
