import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { runPromtool } from './promtool.ts';
import { SCENARIOS } from './scenarios.ts';
import type { Stage } from './stage.ts';
import type { Observation } from './unit-test.ts';
import { readObservation, unitTestFile } from './unit-test.ts';

// A scenario replays in well under a second; these bound rules that make promtool crawl, and keep
// the whole replay inside the sandbox's time limit.
const SCENARIO_TIMEOUT_MS = 10_000;
const TOTAL_BUDGET_MS = 30_000;

/**
 * Replays every scenario against the staged rule files with `promtool test rules`, one run per
 * scenario so that a rule failing in one scenario cannot hide what happened in the others.
 */
export async function replayScenarios(stage: Stage): Promise<Map<string, Observation>> {
  const observations = new Map<string, Observation>();
  const started = Date.now();
  for (const scenario of SCENARIOS) {
    const remaining = TOTAL_BUDGET_MS - (Date.now() - started);
    if (remaining < 1000) {
      const error = 'not replayed: the rules made promtool too slow to replay every scenario in time';
      observations.set(scenario.id, { scenario, firing: new Map(), error });
      continue;
    }
    const testFile = `test-${scenario.id}.yml`;
    await writeFile(path.join(stage.dir, testFile), unitTestFile(scenario, stage.ruleFiles));
    const run = await runPromtool(
      ['test', 'rules', testFile],
      stage.dir,
      Math.min(SCENARIO_TIMEOUT_MS, remaining),
    );
    if (run.timedOut) {
      const error = `promtool took longer than ${Math.round(Math.min(SCENARIO_TIMEOUT_MS, remaining) / 1000)} s to replay it`;
      observations.set(scenario.id, { scenario, firing: new Map(), error });
      continue;
    }
    observations.set(scenario.id, readObservation(scenario, run.output));
  }
  return observations;
}
