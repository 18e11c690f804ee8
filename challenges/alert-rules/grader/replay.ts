import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { runPromtool } from './promtool.ts';
import { SCENARIOS } from './scenarios.ts';
import type { Stage } from './stage.ts';
import type { Observation } from './unit-test.ts';
import { readObservations, unitTestFile } from './unit-test.ts';

// Every scenario goes to one promtool run (a test group each): one run per scenario would spend
// most of its time starting promtool, and the sandbox has one CPU, so parallel runs gain nothing.
// The reference needs about 4 s of CPU for the whole replay; this bounds rules that make promtool
// crawl (or a machine under heavy load), leaving the check run (15 s) and start-up inside the sandbox's 120 s.
const REPLAY_TIMEOUT_MS = 90_000;
const TEST_FILE = 'replay.yml';

/** Replays every scenario against the staged rule files with `promtool test rules`. */
export async function replayScenarios(stage: Stage): Promise<Map<string, Observation>> {
  await writeFile(path.join(stage.dir, TEST_FILE), unitTestFile(SCENARIOS, stage.ruleFiles));
  const run = await runPromtool(['test', 'rules', TEST_FILE], stage.dir, REPLAY_TIMEOUT_MS);
  if (run.timedOut) {
    const error = `promtool took longer than ${REPLAY_TIMEOUT_MS / 1000} s to replay the scenarios`;
    return new Map(SCENARIOS.map((scenario) => [scenario.id, { scenario, firing: new Map(), error }]));
  }
  return readObservations(SCENARIOS, run.output);
}
