import type { Grading } from '../grading.ts';
import {
  describeCall,
  isAnalysis,
  isCanary,
  isPromotion,
  isRollback,
  mayPromote,
  precedes,
} from '../roles.ts';
import type { Scenario } from '../scenario.ts';
import type { Call, Trace } from '../simulate.ts';

/** What the push-to-main pipeline did in one scenario, across every workflow the push started. */
export interface Facts {
  readonly scenario: Scenario;
  /** Canary deploys that ran. */
  readonly canaries: readonly Call[];
  /** Analyses that ran after a canary deploy had finished. */
  readonly analyses: readonly Call[];
  /** Promotions that ran to the end after an analysis that passed. */
  readonly gatedPromotions: readonly Call[];
  /** Anything that may change all of production other than a promotion after a passed analysis. */
  readonly ungated: readonly Call[];
  /** Anything that may change all of production at all. */
  readonly promotions: readonly Call[];
  /** Rollbacks that ran to the end after an analysis. */
  readonly rollbacksAfterAnalysis: readonly Call[];
  readonly rollbacks: readonly Call[];
  /** Steps the grader could not follow, or that could not find a script or an action. */
  readonly unfollowed: readonly Call[];
  readonly opaque: readonly string[];
}

/** Runs the pipeline in a scenario and collects what each check asks about. */
export function factsOf(grading: Grading, scenario: Scenario): Facts {
  const facts = { scenario, ...emptyLists() };
  for (const trace of grading.runs(scenario)) collect(trace, facts);
  return facts;
}

function collect(trace: Trace, facts: ReturnType<typeof emptyLists>): void {
  const started = trace.calls.filter(isCanary);
  const deployed = started.filter((c) => c.status === 0);
  const analyses = trace.calls.filter((n) => isAnalysis(n) && deployed.some((c) => precedes(trace, c, n)));
  const passed = analyses.filter((n) => n.status === 0);
  const gated = (p: Call) => passed.some((n) => precedes(trace, n, p));
  facts.canaries.push(...started);
  facts.analyses.push(...analyses);
  facts.gatedPromotions.push(...trace.calls.filter((p) => isPromotion(p) && p.status === 0 && gated(p)));
  facts.ungated.push(...trace.calls.filter((p) => mayPromote(p) && !(isPromotion(p) && gated(p))));
  facts.promotions.push(...trace.calls.filter(mayPromote));
  facts.rollbacks.push(...trace.calls.filter(isRollback));
  facts.rollbacksAfterAnalysis.push(
    ...trace.calls.filter(
      (r) => isRollback(r) && r.status === 0 && analyses.some((n) => precedes(trace, n, r)),
    ),
  );
  facts.unfollowed.push(
    ...trace.calls.filter((c) => c.call.kind === 'unfollowed' || c.call.kind === 'not-found'),
  );
  facts.opaque.push(...trace.opaque);
}

function emptyLists() {
  return {
    canaries: [] as Call[],
    analyses: [] as Call[],
    gatedPromotions: [] as Call[],
    ungated: [] as Call[],
    promotions: [] as Call[],
    rollbacksAfterAnalysis: [] as Call[],
    rollbacks: [] as Call[],
    unfollowed: [] as Call[],
    opaque: [] as string[],
  };
}

/** Why the behaviour checks cannot be judged at all, if so (no pipeline, or the scripts were changed). */
export function cannotJudge(grading: Grading): string | undefined {
  if (grading.missing) return grading.missing;
  if (grading.changedScripts.length > 0) {
    return `${grading.changedScripts.join(' ')} The brief says not to change the scripts (other pipelines use them), so what the pipeline does cannot be judged.`;
  }
  return undefined;
}

/**
 * One condition judged over scenarios: holds when `test` returns no problem for every one; otherwise
 * the failure names the first scenario where it does not hold, in words, with its evidence.
 */
export function overScenarios(
  facts: readonly Facts[],
  failure: string,
  test: (f: Facts) => readonly string[] | undefined,
  options: { explainMissing?: boolean } = {},
): { holds: boolean; failure: string; evidence: string[] } {
  const failing = facts.flatMap((f) => {
    const evidence = test(f);
    return evidence ? [{ f, evidence }] : [];
  });
  const first = failing[0];
  if (!first) return { holds: true, failure, evidence: [] };
  const count = failing.length === 1 ? '' : ` (and ${failing.length - 1} other scenario(s))`;
  return {
    holds: false,
    failure: `${failure} Scenario: ${first.f.scenario.name}${count}.`,
    evidence: [
      ...first.evidence,
      ...(options.explainMissing ? [...first.f.unfollowed.map(describeCall), ...first.f.opaque] : []),
    ].slice(0, 8),
  };
}
