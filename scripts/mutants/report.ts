/** The mutation run as a challenge author reads it, and as a machine reads it (--json). */
import type { MutationRun } from './run.ts';
import type { MutantResult } from './summary.ts';

/** A rate as a percentage rounded down, so a report never claims more than was measured. */
export const formatRate = (rate: number | null): string =>
  rate === null ? 'n/a' : `${(Math.floor(rate * 1000) / 10).toFixed(1)} %`;

const pad = (text: string | number, width: number) => String(text).padStart(width);

function operatorTable(run: MutationRun): string[] {
  const width = Math.max(8, ...run.summary.operators.map((t) => t.operator.length));
  const head = `  ${'operator'.padEnd(width)}  mutants  killed  survived  equivalent  errors`;
  return [
    head,
    ...run.summary.operators.map(
      (t) =>
        `  ${t.operator.padEnd(width)}  ${pad(t.mutants, 7)}  ${pad(t.killed, 6)}  ${pad(t.survived, 8)}  ${pad(t.equivalent, 10)}  ${pad(t.graderErrors, 6)}`,
    ),
  ];
}

function survivor(r: MutantResult): string[] {
  const passed = r.verdict.kind === 'survived' ? r.verdict.passed.join(', ') : '';
  return [
    `  ${r.id}`,
    `    ${r.description}`,
    ...(r.change ?? []).map((line) => `      ${line}`),
    `    passed every check: ${passed}`,
  ];
}

/** The text report: per-operator tally, every survivor with the checks it passed, the rate, failures. */
export function formatReport(run: MutationRun): string {
  const s = run.summary;
  const lines = [
    `mutation testing of ${run.slug}`,
    `  reference scores ${run.referenceScore ?? 'no score'}`,
    `  ${s.graded} mutants graded (${run.sameAsReference} equal to the reference and ${run.duplicates} duplicates dropped)`,
    ...operatorTable(run),
    `  kill rate ${formatRate(s.rate)} (${s.killed} of ${s.nonEquivalent} non-equivalent killed)` +
      (s.recordedKillRate === null ? '' : `; recorded ${formatRate(s.recordedKillRate)}`),
  ];
  if (s.survivors.length > 0)
    lines.push('', 'survivors (a hole in the grader, or equivalent: say why in mutants.yaml):');
  for (const r of s.survivors) lines.push(...survivor(r));
  if (s.graderErrors.length > 0) lines.push('', 'GRADER ERRORS (grader bugs, counted as survivors):');
  for (const r of s.graderErrors) {
    const error = r.verdict.kind === 'grader_error' ? r.verdict.error.replaceAll('\n', '\n    ') : '';
    lines.push(`  ${r.id}`, ...(r.change ?? []).map((line) => `      ${line}`), `    ${error}`);
  }
  if (run.failures.length > 0)
    lines.push('', `FAILED (${run.failures.length}):`, ...run.failures.map((f) => `  ${f}`));
  else lines.push('', 'passed');
  return `${lines.join('\n')}\n`;
}

/** The machine-readable result of one run (--json). */
export function jsonReport(run: MutationRun) {
  const { summary: s } = run;
  return {
    slug: run.slug,
    passed: run.failures.length === 0,
    rate: s.rate,
    recordedKillRate: s.recordedKillRate,
    killed: s.killed,
    nonEquivalent: s.nonEquivalent,
    graded: s.graded,
    sameAsReference: run.sameAsReference,
    duplicates: run.duplicates,
    referenceScore: run.referenceScore,
    operators: s.operators,
    survivors: s.survivors,
    graderErrors: s.graderErrors,
    stale: s.stale,
    failures: run.failures,
    results: run.results,
  };
}
