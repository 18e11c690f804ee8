import { detectsAnything, nameRule, noise, spans } from '../behaviour.ts';
import type { Check, Grading } from '../check.ts';
import { outcome, share } from '../check.ts';

/**
 * R5 and the SLOs' lower side: nothing may fire when the service is within its SLOs (values just
 * under every threshold, one bad pod, another service's incident), through deploys, 4xx and 3xx
 * surges, short pool spikes, restarts and failed scrapes. Credit per quiet scenario, and none at all
 * when no alert reacts to any incident: an empty rule file is quiet too, and proves nothing.
 */
export const quietOnNoiseCheck: Check = {
  id: 'quiet-on-noise',
  judge: (grading) => judgeQuiet(grading, false),
};

/** R6: nothing may fire at night, when a few requests fail out of very few, or with no traffic. */
export const quietAtNightCheck: Check = {
  id: 'quiet-at-night',
  judge: (grading) => judgeQuiet(grading, true),
};

function judgeQuiet(grading: Grading, night: boolean) {
  const requirement = night ? 'R6' : 'R5';
  const scenarios = [...grading.observations.values()].filter((o) => (o.scenario.kind === 'night') === night);
  const broken = scenarios.filter((replay) => replay.error);
  if (broken.length > 0) {
    return outcome(
      0,
      `Could not replay ${broken.map((r) => r.scenario.title).join('; ')}: ${broken[0]?.error ?? ''}`,
      broken.map((r) => `${r.scenario.title}: ${r.error ?? ''}`),
    );
  }
  const evidence: string[] = [];
  let noisy = 0;
  for (const replay of scenarios) {
    const fired = noise(replay);
    if (fired.size === 0) continue;
    noisy++;
    for (const [name, minutes] of fired) {
      evidence.push(`${nameRule(grading, name)} fired in ${spans(minutes)} of ${replay.scenario.title}`);
    }
  }
  const vacuous = vacuity(grading, night);
  if (noisy === 0 && vacuous) return outcome(0, vacuous);
  if (noisy === 0) {
    return outcome(
      1,
      `Nothing fires when it should not, in all ${scenarios.length} ${night ? 'night' : 'daytime'} scenarios.`,
    );
  }
  const why = night
    ? 'R6 says nothing fires while the service handles fewer than 1 request per second'
    : 'R5 and the SLOs say nothing fires then';
  return outcome(
    vacuous ? 0 : share(scenarios.length - noisy, scenarios.length),
    `Alerts fire in ${noisy} of ${scenarios.length} scenarios where they must not: ${evidence[0]}; ${why} (${requirement}).`,
    evidence,
  );
}

/** Why staying quiet proves nothing: no alert detects any incident (or, for nights, no 5xx one). */
function vacuity(grading: Grading, night: boolean): string | undefined {
  if (!detectsAnything(grading, ['errors', 'latency', 'saturation'])) {
    return 'No alert detects any incident (one that also fires in a healthy hour detects nothing), so staying quiet proves nothing.';
  }
  if (night && !detectsAnything(grading, ['errors'])) {
    return 'No alert fires when more than 5 % of requests fail with 5xx by day (R2), so staying quiet at night proves nothing.';
  }
  return undefined;
}
