/**
 * docs/grading-validity.md: per files challenge, its kill rate, mutants, equivalents and the right
 * and wrong fixtures that prove it. Written by `npm run mutants -- --all --doc`.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { formatRate } from './report.ts';
import type { MutationRun } from './run.ts';

export interface NotGraded {
  recordedKillRate: number | null;
  mutants: number;
}

export interface ValidityRow {
  slug: string;
  /**
   * The run; or, with --recorded, the rate mutants.yaml records and how many mutants the operators
   * make now (nothing graded); or why there is neither (no mutants.yaml, an unusable one).
   */
  run: MutationRun | { missing: string } | NotGraded;
  equivalents: number;
  right: number;
  wrong: number;
  /** Wall time of the run, for the table. */
  seconds?: number;
}

/** How many fixture folders test/fixtures/<slug>/<kind>/ holds. */
export function countFixtures(fixturesDir: string, slug: string, kind: 'right' | 'wrong'): number {
  const dir = path.join(fixturesDir, slug, kind);
  if (!existsSync(dir)) return 0;
  return readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).length;
}

function cells(row: ValidityRow): string[] {
  const fixtures = [String(row.right), String(row.wrong)];
  if ('missing' in row.run) return [row.slug, row.run.missing, '', '', '', '', ...fixtures, '', ''];
  if (!('summary' in row.run)) {
    const recorded = row.run.recordedKillRate;
    const rate = recorded === null ? 'none recorded' : formatRate(recorded);
    const made = `${row.run.mutants} made`;
    return [row.slug, 'not graded', rate, '', made, String(row.equivalents), ...fixtures, '', ''];
  }
  const { summary: s } = row.run;
  return [
    row.slug,
    formatRate(s.rate),
    s.recordedKillRate === null ? 'none' : formatRate(s.recordedKillRate),
    `${s.killed} / ${s.nonEquivalent}`,
    String(s.graded),
    String(row.equivalents),
    ...fixtures,
    row.run.failures.length === 0 ? 'passes' : `fails: ${row.run.failures.length} reason(s)`,
    row.seconds === undefined ? '' : `${Math.round(row.seconds)} s`,
  ];
}

/** The whole Markdown document for the given rows. */
export function validityDocument(rows: readonly ValidityRow[], now: Date, graded = true): string {
  const head = [
    'challenge',
    'kill rate',
    'recorded',
    'killed / non-equivalent',
    'mutants',
    'equivalent',
    'right fixtures',
    'wrong fixtures',
    'run',
    'time',
  ];
  const table = [head, head.map(() => '---'), ...rows.map(cells)].map((r) => `| ${r.join(' | ')} |`);
  const failures = rows.flatMap((row) =>
    !('summary' in row.run) || row.run.failures.length === 0
      ? []
      : [`- **${row.slug}**: ${row.run.failures.slice(0, 10).join('; ')}`],
  );
  const survivors = rows.flatMap((row) =>
    !('summary' in row.run) || row.run.summary.survivors.length === 0
      ? []
      : [`- **${row.slug}**:`, ...row.run.summary.survivors.map((r) => `  - \`${r.id}\`: ${r.description}`)],
  );
  return `# Grading validity

${
  graded
    ? `Written by \`npm run mutants -- --all --doc\` on ${now.toISOString()}; regenerate it with the same
command (it grades every mutant of every files challenge through the real sandbox, 2 at a time).`
    : `Written by \`npm run mutants -- --all --doc --recorded\` on ${now.toISOString()}: **nothing was graded**;
the rates are those each mutants.yaml records (\`--record\` writes one only after a passing run) and
the mutant counts are what the operators make now. \`npm run mutants -- --all --doc\` grades every
mutant through the real sandbox and writes the measured table.`
}

A grader earns its score only if it tells right from wrong (the team's GRADING.md, "How to prove a
grader"). Two kinds of evidence, per files challenge:

- **Mutation testing**: \`npm run mutants -- <slug>\` mutates the reference solution semantically with
  the operators of the formats its \`mutants.yaml\` declares (scripts/mutants/operators/), grades each
  distinct mutant through the real sandbox, and counts a mutant **killed** when it scores below 100.
  A grader error on a mutant counts as a survivor. Mutants listed in \`mutants.yaml\` as equivalent
  (with a reason) are left out: **kill rate = killed / non-equivalent**. The floor is 95 %, and
  test/sandbox/mutants.test.ts keeps every challenge at or above its recorded rate
  (\`npm run mutants -- <slug> --record\` writes it).
  An author's loop: \`npm run mutants -- <slug> --list\` shows the mutants and what each changes
  (no Docker); \`npm run mutants -- <slug>\` grades them and prints every survivor with its change
  and the checks it passed (\`--only <operator prefix>\` for a part, \`--json\` for a machine); fix
  the grader for a hole, or list a truly equivalent survivor with its reason; then \`--record\`.
- **Fixtures**: wrong ones (test/fixtures/<slug>/wrong/, each failing exactly the checks its
  expect.yaml lists) and right ones in other styles (test/fixtures/<slug>/right/, each scoring 100),
  proven by test/sandbox/challenge-packages.test.ts.

${table.join('\n')}

${
  graded
    ? `Mutants graded 2 at a time in cold containers on this shared 2-core machine; the time is the run's
wall time, so it depends on what else ran.`
    : ''
}
${failures.length > 0 ? `\nWhy a run fails:\n\n${failures.join('\n')}\n` : ''}${
  survivors.length > 0
    ? `\nSurvivors (holes, or equivalents still to be explained):\n\n${survivors.join('\n')}\n`
    : ''
}${LIVE_INCIDENTS}`;
}

/**
 * The live incidents have no reference files to mutate: their reference is a fix typed into a running
 * system, and their checks judge that system. Their evidence is in the sandbox tests, named here.
 */
const LIVE_INCIDENTS = `
## Live incidents (pegged-database, bad-gateway)

There is no \`solution/\` to mutate: the reference is a fix typed into the running environment, so
\`npm run mutants\` does not apply. The checks (\`grader/check.sh\`) are proven against the live system
instead, on the real engine:

- test/sandbox/pegged-database.test.ts and bad-gateway.test.ts: the reference fix, typed into the
  terminal and graded through the API, scores 100; doing nothing fails exactly what is broken; each
  plausible wrong fix (an index built without CONCURRENTLY, the orders truncated, the API's
  privileges revoked, the current log deleted instead of last month's) fails the check it should.
- test/sandbox/pegged-database.attacks.test.ts and bad-gateway.attacks.test.ts: a candidate forging a
  verdict, stopping the workload or faking the service from the terminal is caught.
- test/sandbox/complications.test.ts: after each complication an interviewer can trigger, the check it
  concerns passed before, fails after, and passes again once the candidate handles it; its record
  cannot be forged or erased by the candidate.
`;
