/**
 * The scenarios every submission is replayed against: generated from a fixed seed across the space
 * BRIEF.md describes (status code classes and mixes, values just above and just below every
 * threshold, uneven pods, another service, restarts, failed scrapes, nights, no traffic). The same
 * seed always gives the same scenarios; oracle.ts says what must happen in each.
 */
import type { Scenario, ScenarioKind } from './model.ts';
import { assertUnambiguous } from './oracle.ts';
import type { Random } from './random.ts';
import { seededRandom } from './random.ts';
import * as incidents from './scenarios/incidents.ts';
import * as noise from './scenarios/noise.ts';

export type { Scenario } from './model.ts';

export const SEED = 20_261_201;

type Template = readonly [
  id: string,
  kind: ScenarioKind,
  make: (random: Random) => Omit<Scenario, 'id' | 'kind'>,
];

/** In the order the grader replays them; `healthy` comes first, the baseline for "always on". */
const TEMPLATES: readonly Template[] = [
  ['healthy', 'noise', noise.healthyHour],
  ['errors-just-above', 'errors', incidents.errorsJustAbove],
  ['errors-without-500', 'errors', incidents.errorsWithout500],
  ['errors-at-low-traffic', 'errors', incidents.errorsAtLowTraffic],
  ['errors-during-crawl', 'errors', incidents.errorsDuringCrawl],
  ['errors-beside-busy-cart', 'errors', incidents.errorsBesideBusyCart],
  ['errors-with-restarts', 'errors', incidents.errorsWithRestarts],
  ['errors-that-end', 'errors', incidents.errorsThatEnd],
  ['latency-just-above', 'latency', incidents.latencyJustAbove],
  ['latency-on-busiest-pod', 'latency', incidents.latencyOnBusiestPod],
  ['latency-on-one-of-two-pods', 'latency', incidents.latencyOnOneOfTwoPods],
  ['latency-slow-tail', 'latency', incidents.latencySlowTail],
  ['latency-beside-busy-cart', 'latency', incidents.latencyBesideBusyCart],
  ['saturation-just-above', 'saturation', incidents.saturationJustAbove],
  ['saturation-of-bigger-pools', 'saturation', incidents.saturationOfBiggerPools],
  ['errors-just-below', 'noise', noise.errorsJustBelow],
  ['crawler', 'noise', noise.crawler],
  ['redirects', 'noise', noise.redirects],
  ['bad-pod', 'noise', noise.badPod],
  ['slow-pod', 'noise', noise.slowPod],
  ['latency-just-below', 'noise', noise.latencyJustBelow],
  ['pools-just-below', 'noise', noise.poolsJustBelow],
  ['bigger-pools-busy', 'noise', noise.biggerPoolsBusy],
  ['deploys', 'noise', noise.deploys],
  ['pool-spikes', 'noise', noise.poolSpikes],
  ['cart-incident', 'noise', noise.cartIncident],
  ['restarts-and-gaps', 'noise', noise.restartsAndGaps],
  ['night-failures', 'night', noise.nightFailures],
  ['night-just-under-one', 'night', noise.nightJustUnderOne],
  ['no-traffic', 'night', noise.noTraffic],
];

/** Every scenario for `seed`; each template draws from its own stream, so adding one moves no other. */
export function generateScenarios(seed: number): Scenario[] {
  return TEMPLATES.map(([id, kind, make]) => {
    const scenario: Scenario = { id, kind, ...make(seededRandom(seed ^ hash(id))) };
    assertUnambiguous(scenario);
    return scenario;
  });
}

/** FNV-1a of a template's id: its stream depends on the seed and its own name only. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

export const SCENARIOS: readonly Scenario[] = generateScenarios(SEED);

export function scenario(id: string): Scenario {
  const found = SCENARIOS.find((s) => s.id === id);
  if (!found) throw new Error(`no scenario ${id}`);
  return found;
}
