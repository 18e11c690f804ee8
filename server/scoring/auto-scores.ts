import type { Catalogue } from '../challenges/load.ts';
import type { Dimension } from '../challenges/schema.ts';
import type { AutoScore } from '../contract/staff.ts';
import type { SubmissionRow } from '../queries/scores.ts';
import { type StoredSubmission, submissionScores } from './score.ts';

/** A stored submission as the scoring rules take it; a grader error brings the checks it failed to judge. */
export function toStoredSubmission(row: SubmissionRow, catalogue: Catalogue): StoredSubmission {
  if (row.status === 'done') return { status: 'done', checks: row.checks ?? [] };
  if (row.status === 'error') {
    const declaredChecks = catalogue.challenges.get(row.challengeSlug)?.manifest.checks ?? [];
    return { status: 'error', declaredChecks };
  }
  return { status: row.status };
}

/**
 * The auto score per dimension of one attempt, recomputed from its stored check results with the
 * same rules the worker's record path applies (grader errors counted apart, never as a fail).
 */
export function autoScoresOf(
  rows: readonly SubmissionRow[],
  catalogue: Catalogue,
  dimensions: readonly Dimension[],
): Partial<Record<Dimension, AutoScore>> {
  const scores = submissionScores(
    rows.map((row) => toStoredSubmission(row, catalogue)),
    dimensions,
  );
  return Object.fromEntries(
    scores.map((s) => [
      s.dimension,
      { score: s.score, checkCount: s.checkCount, graderErrorChecks: s.graderErrorChecks },
    ]),
  );
}

/** The rubric dimensions an assessment's challenges score, in the rubric's order. */
export function assessedDimensions(
  catalogue: Catalogue,
  challengeSlugs: readonly string[],
  rubricOrder: readonly Dimension[],
): Dimension[] {
  const scored = new Set(
    challengeSlugs.flatMap(
      (slug) => catalogue.challenges.get(slug)?.manifest.checks.map((c) => c.dimension) ?? [],
    ),
  );
  return rubricOrder.filter((d) => scored.has(d));
}
