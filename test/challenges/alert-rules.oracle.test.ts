import { describe, expect, it } from 'vitest';
import { judgeIncident, noise } from '../../challenges/alert-rules/grader/behaviour.ts';
import { routedCheck } from '../../challenges/alert-rules/grader/checks/routed.ts';
import { histogramQuantile, profileWithP99 } from '../../challenges/alert-rules/grader/histogram.ts';
import type { Phase, Scenario } from '../../challenges/alert-rules/grader/model.ts';
import { JOB } from '../../challenges/alert-rules/grader/model.ts';
import { expectations, isServerError, serviceState } from '../../challenges/alert-rules/grader/oracle.ts';
import { seededRandom } from '../../challenges/alert-rules/grader/random.ts';
import type { AlertRule } from '../../challenges/alert-rules/grader/rules.ts';
import {
  NO_CART,
  phase,
  poolSplit,
  statusCodes,
} from '../../challenges/alert-rules/grader/scenarios/build.ts';
import { generateScenarios, SCENARIOS, SEED } from '../../challenges/alert-rules/grader/scenarios.ts';
import type { Firing, Observation } from '../../challenges/alert-rules/grader/unit-test.ts';

/** A checkout-api phase with every pod alike. */
function load(from: number, opts: { traffic?: number; errors?: number; p99?: number; pool?: number }): Phase {
  const random = seededRandom(1);
  const names = ['a:1', 'b:1', 'c:1'];
  const pool = poolSplit(opts.pool ?? 0.4, names.length);
  const checkout = {
    traffic: opts.traffic ?? 20,
    pods: names.map((instance, i) => ({
      instance,
      share: 1 / names.length,
      codes: statusCodes(random, { serverErrors: opts.errors ?? 0.005, serverCodes: ['502', '503'] }),
      latency: profileWithP99(opts.p99 ?? 0.4),
      poolInUse: pool[i] as number,
      poolSize: 20,
    })),
  };
  return phase(from, checkout, NO_CART);
}

function scenarioOf(phases: Phase[], minutes = 40): Scenario {
  return { id: 't', kind: 'noise', title: 'a test', minutes, phases, resets: [], gaps: [] };
}

describe('the latency histogram', () => {
  it('builds profiles whose p99, as histogram_quantile computes it, is the one asked for', () => {
    for (const p99 of [0.4, 0.92, 0.99, 1.03, 1.5, 2.4, 2.6, 4]) {
      expect(histogramQuantile(0.99, profileWithP99(p99).cumulative)).toBeCloseTo(p99, 9);
    }
  });

  it('interpolates inside the bucket the rank falls in, as PromQL does', () => {
    // 100 requests: 97 under 0.5 s, 99.5 under 1 s: rank 99 is 2/2.5 of the way through (0.5, 1].
    expect(histogramQuantile(0.99, [50, 80, 90, 97, 99.5, 100, 100, 100])).toBeCloseTo(0.9, 9);
    expect(histogramQuantile(0.99, [0, 0, 0, 0, 0, 0, 0, 0])).toBeNaN();
  });
});

describe('the oracle', () => {
  it('counts every 5xx as a failure and nothing else', () => {
    expect(['500', '502', '503', '504', '507', '599'].every(isServerError)).toBe(true);
    expect(['200', '301', '404', '429', '5xx', '5000'].some(isServerError)).toBe(false);
  });

  it('asks for a page from 16 minutes after the 5xx ratio passes 5 % to its end, and quiet before', () => {
    const { bySeverity, byCondition } = expectations(scenarioOf([load(0, {}), load(6, { errors: 0.053 })]));
    expect(bySeverity.page[5]).toBe('mustNot');
    expect(bySeverity.page[21]).toBe('may');
    expect(bySeverity.page[22]).toBe('must');
    expect(bySeverity.page[40]).toBe('must');
    expect(byCondition.latency.every((n) => n === 'mustNot')).toBe(true);
    expect(bySeverity.ticket.every((n) => n === 'mustNot')).toBe(true);
  });

  it('asks for nothing just under a threshold, under 1 request/s, or with no traffic at all', () => {
    for (const phases of [
      [load(0, { errors: 0.048 })],
      [load(0, { p99: 0.97 })],
      [load(0, { pool: 0.88 })],
      [load(0, { traffic: 0.95, errors: 0.3 })],
      [load(0, { traffic: 0, errors: 0.3 })],
    ]) {
      const { bySeverity } = expectations(scenarioOf(phases));
      expect([...bySeverity.page, ...bySeverity.ticket].every((n) => n === 'mustNot')).toBe(true);
    }
  });

  it('tolerates a one-minute deploy blip and a 4-minute pool spike (R5), not longer ones', () => {
    const blip = expectations(scenarioOf([load(0, {}), load(10, { errors: 0.25, p99: 2.4 }), load(11, {})]));
    expect(blip.bySeverity.page.every((n) => n === 'mustNot')).toBe(true);
    const spike = expectations(scenarioOf([load(0, {}), load(10, { pool: 1 }), load(14, {})]));
    expect(spike.bySeverity.ticket.every((n) => n === 'mustNot')).toBe(true);
    const outage = expectations(scenarioOf([load(0, {}), load(10, { errors: 0.25 }), load(13, {})]));
    expect(outage.bySeverity.page[20]).toBe('may');
    expect(outage.bySeverity.page[28]).toBe('mustNot');
  });

  it('lets an alert resolve within 15 minutes of the end of an incident, then asks for quiet', () => {
    const { bySeverity } = expectations(
      scenarioOf([load(0, {}), load(5, { errors: 0.1 }), load(25, {})], 45),
    );
    expect(bySeverity.page[25]).toBe('must');
    expect(bySeverity.page[39]).toBe('may');
    expect(bySeverity.page[40]).toBe('mustNot');
  });

  it('reads the service as a whole: a small failing pod does not make a 5xx ratio over 5 %', () => {
    const base = load(0, {});
    const pods = base.jobs[JOB].pods.map((p, i) =>
      i === 0 ? { ...p, share: 0.05, codes: { '200': 0.6, '503': 0.4 } } : { ...p, share: 0.475 },
    );
    const state = serviceState({ ...base, jobs: { ...base.jobs, [JOB]: { traffic: 20, pods } } });
    expect(state.errorRatio).toBeLessThan(0.05);
  });
});

describe('the generated scenarios', () => {
  it('are the same for the same seed and differ for another', () => {
    expect(JSON.stringify(generateScenarios(SEED))).toBe(JSON.stringify(SCENARIOS));
    expect(JSON.stringify(generateScenarios(SEED + 1))).not.toBe(JSON.stringify(SCENARIOS));
  });

  it('never sit ambiguously close to a threshold, for any of 200 seeds', () => {
    for (let seed = 1; seed <= 200; seed++) expect(() => generateScenarios(seed)).not.toThrow();
  });

  it('cover the space the brief describes', () => {
    const states = SCENARIOS.flatMap((s) => s.phases.map((p) => ({ s, state: serviceState(p), p })));
    const must = (id: string, condition: 'errors' | 'latency' | 'saturation') =>
      expectations(SCENARIOS.find((s) => s.id === id) as Scenario).byCondition[condition].includes('must');
    // Outages without a single 500, just above 5 %, and at just over 1 request/s must page.
    expect(must('errors-without-500', 'errors')).toBe(true);
    expect(must('errors-at-low-traffic', 'errors')).toBe(true);
    const ratios = states.map((x) => x.state.errorRatio).filter((r) => r > 0.045 && r < 0.055);
    expect(ratios.some((r) => r > 0.05) && ratios.some((r) => r < 0.05)).toBe(true);
    const p99s = states.map((x) => x.state.p99).filter((p) => p > 0.9 && p < 1.1);
    expect(p99s.some((p) => p > 1) && p99s.some((p) => p < 1)).toBe(true);
    const pools = states.map((x) => x.state.poolUsage).filter((u) => u > 0.81 && u < 0.99);
    expect(pools.some((u) => u > 0.9) && pools.some((u) => u < 0.9)).toBe(true);
    const traffic = states
      .filter((x) => x.state.traffic > 0.9 && x.state.traffic < 1.1)
      .map((x) => x.state.traffic);
    expect(traffic.some((t) => t > 1) && traffic.some((t) => t < 1)).toBe(true);
    expect(states.some((x) => x.state.traffic === 0)).toBe(true);
    expect(SCENARIOS.some((s) => s.resets.length > 0) && SCENARIOS.some((s) => s.gaps.length > 0)).toBe(true);
    expect(SCENARIOS.some((s) => s.phases.some((p) => p.jobs['cart-api'].pods.length > 0))).toBe(true);
    const codes = new Set(states.flatMap((x) => x.p.jobs[JOB].pods.flatMap((pod) => Object.keys(pod.codes))));
    for (const code of ['500', '502', '503', '504', '404', '429', '301', '304'])
      expect(codes).toContain(code);
  });
});

describe('judging a replay against the oracle', () => {
  const scenario = scenarioOf([load(0, {}), load(6, { errors: 0.1 })], 30);
  const observe = (firing: Record<number, Firing[]>): Observation => ({
    scenario,
    firing: new Map(Object.entries(firing).map(([m, f]) => [Number(m), f])),
  });
  const page = (alertname: string): Firing => ({ alertname, severity: 'page', team: 'checkout' });
  const fromTo = (from: number, to: number, f: Firing) =>
    Object.fromEntries(Array.from({ length: to - from + 1 }, (_, i) => [from + i, [f]]));

  it('passes a page that fires by the deadline and holds', () => {
    const verdict = judgeIncident(observe(fromTo(15, 30, page('Errors'))), 'errors', new Set());
    expect(verdict).toMatchObject({ score: 1, problem: '' });
  });

  it('names the minutes a late or flapping page missed', () => {
    const late = judgeIncident(observe(fromTo(25, 30, page('Errors'))), 'errors', new Set());
    expect(late.score).toBe(0.25);
    expect(late.problem).toContain('minutes 22–24');
  });

  it('gives half credit to the right timing with the wrong severity, none to an always-on alert', () => {
    const ticket = { alertname: 'Errors', severity: 'ticket', team: 'checkout' };
    expect(judgeIncident(observe(fromTo(15, 30, ticket)), 'errors', new Set()).score).toBe(0.5);
    expect(judgeIncident(observe(fromTo(1, 30, page('Always'))), 'errors', new Set(['Always'])).score).toBe(
      0,
    );
  });

  it('reports a page before the incident as noise, with its minutes', () => {
    expect([...noise(observe(fromTo(2, 4, page('Early'))))]).toEqual([['Early', [2, 3, 4]]]);
    expect(noise(observe(fromTo(15, 30, page('Errors')))).size).toBe(0);
  });
});

describe('routing labels as Alertmanager gets them', () => {
  const rule = (labels: Record<string, unknown>): AlertRule => ({
    file: 'rules/a.yml',
    line: 3,
    group: 'g',
    index: 1,
    value: {},
    name: 'Pools',
    labels,
    annotations: {},
  });
  const grading = (alerts: AlertRule[], firing: Firing[]) => ({
    alerts,
    observations: new Map([['x', { scenario: scenarioOf([load(0, {})]), firing: new Map([[5, firing]]) }]]),
  });

  it('accepts severity and team that a fired alert carried from its expression', () => {
    const fired = { alertname: 'Pools', severity: 'ticket', team: 'checkout' };
    expect(routedCheck.judge(grading([rule({})], [fired])).passed).toBe(true);
  });

  it('fails a templated severity that rendered empty, and one that never fired', () => {
    const empty = { alertname: 'Pools', severity: undefined, team: 'checkout' };
    const templated = rule({ severity: '{{ $labels.severity }}', team: 'checkout' });
    expect(routedCheck.judge(grading([templated], [empty])).message).toContain('fired with severity missing');
    expect(routedCheck.judge(grading([templated], [])).message).toContain('cannot be shown');
  });
});
