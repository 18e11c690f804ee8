/**
 * The arithmetic of a mutation run: which mutants were killed, which survived, which are
 * equivalent, the kill rate, and every reason the run fails. Pure: grading happens elsewhere.
 */
import type { MutantsManifest } from './manifest.ts';

/** The least kill rate any challenge may have (issue #12). */
export const KILL_RATE_FLOOR = 0.95;

/** What grading one mutant said, reduced to what the rate needs. */
export type MutantVerdict =
  | { kind: 'killed'; score: number; failed: string[] }
  | { kind: 'survived'; score: number; passed: string[] }
  /** The grader broke its contract on the mutant: a grader bug, counted as a survivor. */
  | { kind: 'grader_error'; error: string }
  /** The sandbox failed (engine down): the run cannot vouch for this mutant, counted as a survivor. */
  | { kind: 'infrastructure_error'; error: string };

export interface MutantResult {
  id: string;
  operator: string;
  description: string;
  verdict: MutantVerdict;
  /** For survivors: what the mutant changed (describeChange in diff.ts). */
  change?: string[];
}

export interface OperatorTally {
  operator: string;
  mutants: number;
  killed: number;
  survived: number;
  equivalent: number;
  graderErrors: number;
}

export interface MutationSummary {
  operators: OperatorTally[];
  graded: number;
  killed: number;
  nonEquivalent: number;
  /** killed / nonEquivalent; null when there is nothing to kill. */
  rate: number | null;
  survivors: MutantResult[];
  graderErrors: MutantResult[];
  infrastructureErrors: MutantResult[];
  /** Listed as equivalent in mutants.yaml, yet no mutant of this run has the id. */
  stale: { id: string; reason: string }[];
  /** Listed as equivalent, yet the grader kills it: not equivalent, the entry must go. */
  killedEquivalent: MutantResult[];
  recordedKillRate: number | null;
  /** Every reason the run fails (empty when it passes); the CLI exits non-zero on any. */
  failures: string[];
}

export interface SummaryOptions {
  /** Only operators whose name starts with this ran: stale entries and the recorded rate are judged within it. */
  only?: string;
}

const percent = (rate: number) => `${(Math.floor(rate * 1000) / 10).toFixed(1)} %`;

/** A rate held as a fraction compares with a recorded 4-decimal one without float noise. */
const below = (rate: number, floor: number) => rate < floor - 1e-9;

function tallyOperators(results: readonly MutantResult[], equivalent: ReadonlySet<string>): OperatorTally[] {
  const tallies = new Map<string, OperatorTally>();
  for (const r of results) {
    const t = tallies.get(r.operator) ?? {
      operator: r.operator,
      mutants: 0,
      killed: 0,
      survived: 0,
      equivalent: 0,
      graderErrors: 0,
    };
    tallies.set(r.operator, t);
    t.mutants++;
    if (equivalent.has(r.id)) t.equivalent++;
    else if (r.verdict.kind === 'killed') t.killed++;
    else if (r.verdict.kind === 'survived') t.survived++;
    else t.graderErrors++;
  }
  return [...tallies.values()];
}

/** Tallies graded mutants against the manifest's equivalents and recorded rate. */
export function summarize(
  results: readonly MutantResult[],
  manifest: MutantsManifest,
  options: SummaryOptions = {},
): MutationSummary {
  const inScope = (id: string) => options.only === undefined || id.startsWith(options.only);
  const listed = manifest.equivalent.filter((e) => inScope(e.id));
  const killedIds = new Set(results.filter((r) => r.verdict.kind === 'killed').map((r) => r.id));
  // A listed mutant the grader kills is not equivalent: it counts as killed (and its entry fails below).
  const equivalentIds = new Set(listed.map((e) => e.id).filter((id) => !killedIds.has(id)));
  const ids = new Set(results.map((r) => r.id));
  const counted = results.filter((r) => !equivalentIds.has(r.id));
  const killed = counted.filter((r) => r.verdict.kind === 'killed').length;
  const rate = counted.length === 0 ? null : killed / counted.length;
  const summary: MutationSummary = {
    operators: tallyOperators(results, equivalentIds),
    graded: results.length,
    killed,
    nonEquivalent: counted.length,
    rate,
    survivors: counted.filter((r) => r.verdict.kind === 'survived'),
    graderErrors: results.filter((r) => r.verdict.kind === 'grader_error'),
    infrastructureErrors: results.filter((r) => r.verdict.kind === 'infrastructure_error'),
    stale: listed.filter((e) => !ids.has(e.id)),
    killedEquivalent: results.filter((r) => listed.some((e) => e.id === r.id) && killedIds.has(r.id)),
    recordedKillRate: options.only === undefined ? (manifest.recordedKillRate ?? null) : null,
    failures: [],
  };
  summary.failures = failuresOf(summary);
  return summary;
}

function failuresOf(s: MutationSummary): string[] {
  const failures: string[] = [];
  if (s.rate === null) failures.push('no mutant to kill: the declared operators made none of the solution');
  else {
    if (below(s.rate, KILL_RATE_FLOOR)) {
      failures.push(`kill rate ${percent(s.rate)} is below the floor of ${percent(KILL_RATE_FLOOR)}`);
    }
    if (s.recordedKillRate !== null && below(s.rate, s.recordedKillRate)) {
      failures.push(`kill rate ${percent(s.rate)} is below the recorded ${percent(s.recordedKillRate)}`);
    }
  }
  for (const r of s.graderErrors) {
    const why = r.verdict.kind === 'grader_error' ? r.verdict.error.split('\n')[0] : '';
    failures.push(`grader error on ${r.id} (a grader bug, or a machine too busy for its time limit): ${why}`);
  }
  for (const r of s.infrastructureErrors) failures.push(`could not grade ${r.id}: the sandbox failed`);
  for (const e of s.stale)
    failures.push(`mutants.yaml lists ${e.id} as equivalent, but no mutant has that id`);
  for (const r of s.killedEquivalent) {
    failures.push(`mutants.yaml lists ${r.id} as equivalent, but the grader kills it: remove the entry`);
  }
  return failures;
}
