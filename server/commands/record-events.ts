import { challengeVariant } from '../challenges/variants.ts';
import type { EventBatch, EventBatchResponse } from '../contract/events.ts';
import { EVENT_LIMITS } from '../contract/events.ts';
import { FILE_EVENT_KINDS } from '../contract/replay.ts';
import { transaction } from '../db/pool.ts';
import type { AppDeps } from '../deps.ts';
import { conflict, notFound, tooLarge } from '../errors.ts';
import { findAttempt } from '../queries/attempts.ts';
import { batchState, insertBatch } from '../queries/event-batches.ts';
import { appendEventRows, lockLogHead } from '../queries/events.ts';
import { takeDueSnapshots } from '../replay/take-snapshots.ts';
import { refuseUnlessOpen } from './open-challenge.ts';

/**
 * Stores a batch of the candidate page's events at the end of the attempt's log, once: a retried
 * batch (same id) answers as before and stores nothing. A capture's batches are stored only in the
 * order they were made. Refused before the start, after the time is up, for a challenge not in the
 * assessment and for a challenge already submitted.
 */
export async function recordEvents(
  deps: AppDeps,
  attemptId: string,
  batch: EventBatch,
): Promise<EventBatchResponse> {
  const outcome = await transaction(deps.db, async (client) => {
    const head = await lockLogHead(client, attemptId);
    if (!head) throw notFound('The attempt');
    const state = await batchState(client, attemptId, batch);
    if (state.existing) return { stored: false as const, ...state.existing };
    const attempt = await findAttempt(client, attemptId);
    const slugs = [...new Set(batch.events.map((e) => e.challengeSlug))];
    refuseUnlessOpen(attempt, slugs, new Set(state.submittedSlugs));
    if (head.lastSeq + batch.events.length > EVENT_LIMITS.maxEventsPerAttempt)
      throw tooLarge(
        `This attempt's replay is full: it holds at most ${EVENT_LIMITS.maxEventsPerAttempt} events.`,
      );
    const expected = state.nextBatchNo;
    if (batch.batchNo < expected)
      throw conflict(
        `Batch ${batch.batchNo} of this capture was already stored under another batch id.`,
        'batch_reused',
      );
    if (batch.batchNo > expected)
      throw conflict(
        `Batch ${batch.batchNo} arrived before batch ${expected} of the same capture; send batch ${expected} first.`,
        'batch_out_of_order',
      );
    // The page's offsets order the batch's events and spread them back from now, a few seconds at most.
    const events = [...batch.events].sort((a, b) => a.offsetMs - b.offsetMs);
    const newest = events.at(-1)?.offsetMs ?? 0;
    const firstSeq = await appendEventRows(
      client,
      head,
      { attemptId, organisationId: attempt.organisationId, batchId: batch.batchId },
      events.map((e) => ({
        challengeSlug: e.challengeSlug,
        kind: e.kind,
        payload: e.payload,
        agoMs: Math.min(EVENT_LIMITS.maxBatchSpanMs, newest - e.offsetMs),
      })),
    );
    const { batchId, captureId, batchNo } = batch;
    await insertBatch(client, {
      attemptId,
      batchId,
      captureId,
      batchNo,
      firstSeq,
      eventCount: events.length,
    });
    return { stored: true as const, firstSeq, eventCount: events.length, variantSeed: attempt.variantSeed };
  });
  if (!outcome.stored) return outcome;
  // The attempt's variant, as read in the transaction: the snapshots start from its starter.
  const { variantSeed, ...stored } = outcome;
  await snapshotTouchedChallenges(deps, attemptId, variantSeed, batch);
  return stored;
}

async function snapshotTouchedChallenges(
  deps: AppDeps,
  attemptId: string,
  variantSeed: number | null,
  batch: EventBatch,
): Promise<void> {
  const slugs = new Set(batch.events.filter((e) => FILE_EVENT_KINDS.has(e.kind)).map((e) => e.challengeSlug));
  for (const slug of slugs) {
    const challenge = deps.catalogue.challenges.get(slug);
    if (!challenge) continue;
    const starter = challengeVariant(challenge, variantSeed).starter;
    try {
      await takeDueSnapshots(deps.db, starter, attemptId, slug);
    } catch (error) {
      // The batch is stored and acknowledged; a missing snapshot only makes a seek replay further.
      process.stderr.write(
        `replay snapshot of ${attemptId}/${slug}: ${error instanceof Error ? error.message : error}\n`,
      );
    }
  }
}
