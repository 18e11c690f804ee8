import { announce } from '../announce.ts';
import { DIMENSIONS } from '../challenges/schema.ts';
import type { Db } from '../db/pool.ts';
import { transaction } from '../db/pool.ts';
import { finishGrading, submittedGradings } from '../queries/gradings.ts';
import { replaceAttemptScores } from '../queries/scores.ts';
import { dimensionScores } from './score.ts';
import type { GradingOutcome, StoredCheckResult } from './types.ts';

/**
 * Stores a grading's outcome exactly once (a re-delivered job changes nothing) and, for a
 * submission, recomputes the attempt's auto scores from every stored submission result.
 */
export async function recordGrading(
  db: Db,
  grading: { id: string; attemptId: string; kind: string },
  outcome: Exclude<GradingOutcome, { kind: 'infrastructure_error' }>,
  /** The server's public address, for the links of what the grading announces (the owner's mail). */
  context: { publicUrl?: string | undefined } = {},
): Promise<boolean> {
  return transaction(db, async (client) => {
    const stored =
      outcome.kind === 'judged'
        ? await finishGrading(client, grading.id, {
            status: 'done',
            score: outcome.score,
            checks: outcome.checks,
            diagnostics: outcome.diagnostics,
            wallMs: outcome.wallMs,
          })
        : await finishGrading(client, grading.id, {
            status: 'error',
            error: outcome.error,
            wallMs: outcome.wallMs,
            tampering: outcome.tampering,
          });
    if (stored && grading.kind === 'submit') {
      // Serialise score updates of one attempt (two challenges may finish at once).
      await client.query('select 1 from attempts where id = $1 for update', [grading.attemptId]);
      const judged: StoredCheckResult[] = (await submittedGradings(client, grading.attemptId))
        .filter((g) => g.status === 'done' && g.checks)
        .flatMap((g) => g.checks ?? []);
      await replaceAttemptScores(client, grading.attemptId, dimensionScores(judged, DIMENSIONS));
      await announce(client, {
        kind: 'submission.graded',
        attemptId: grading.attemptId,
        publicUrl: context.publicUrl,
      });
    }
    return stored;
  });
}
