import { detectsAnything, firingReport, observed } from '../behaviour.ts';
import type { Check, Grading } from '../check.ts';
import { outcome, share } from '../check.ts';
import { SCENARIOS } from '../scenarios.ts';

/**
 * R5: nothing may fire in the noise scenarios (a healthy hour, a deploy, 4xx from a crawler, a short
 * pool spike). Credit per quiet scenario, and none at all when no alert reacts to any incident:
 * an empty rule file is quiet too, and proves nothing.
 */
export const quietOnNoiseCheck: Check = {
  id: 'quiet-on-noise',
  judge: (grading) => judgeQuiet(grading, 'noise', 'R5'),
};

/** R6: nothing may fire at night, when a few requests fail out of very few. */
export const quietAtNightCheck: Check = {
  id: 'quiet-at-night',
  judge: (grading) => judgeQuiet(grading, 'night', 'R6'),
};

function judgeQuiet(grading: Grading, kind: 'noise' | 'night', requirement: string) {
  const scenarios = SCENARIOS.filter((s) => s.expect.kind === kind).map((s) => observed(grading, s.id));
  const broken = scenarios.filter((replay) => replay.error);
  if (broken.length > 0) {
    return outcome(
      0,
      `Could not replay ${broken.map((r) => r.scenario.title).join('; ')}: ${broken[0]?.error ?? ''}`,
      broken.map((r) => `${r.scenario.title}: ${r.error ?? ''}`),
    );
  }
  if (!detectsAnything(grading)) {
    return outcome(0, 'None of the alerts fires in any incident, so staying quiet here proves nothing.');
  }
  if (kind === 'night' && observed(grading, 'errors').firing.size === 0) {
    return outcome(
      0,
      'No alert fires when 10 % of requests fail with 5xx by day (R2), so staying quiet at night proves nothing.',
    );
  }
  const evidence: string[] = [];
  const noisy: string[] = [];
  for (const replay of scenarios) {
    const fired = firingReport(replay);
    if (fired.length === 0) continue;
    noisy.push(replay.scenario.title);
    evidence.push(...fired.map((line) => `${replay.scenario.title}: ${line}`));
  }
  const score = share(scenarios.length - noisy.length, scenarios.length);
  if (noisy.length === 0) {
    const what =
      kind === 'night' ? 'at night' : `through ${scenarios.map((s) => s.scenario.title).join('; ')}`;
    return outcome(1, `Nothing fires ${what}.`);
  }
  return outcome(
    score,
    `Alerts fire during ${noisy.join('; ')}: ${requirement} says that must not wake anyone.`,
    evidence,
  );
}
