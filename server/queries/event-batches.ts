import type { Queryable } from '../db/pool.ts';

export interface BatchRow {
  firstSeq: number;
  eventCount: number;
}

export interface BatchState {
  /** Set when this batch id is already stored. */
  existing: BatchRow | null;
  /** The number the capture's next batch must carry: one past the last stored, 0 for a new capture. */
  nextBatchNo: number;
  /** The attempt's challenges already submitted: their logs are closed. */
  submittedSlugs: string[];
}

/** What deciding on a batch needs, in one round trip. */
export async function batchState(
  db: Queryable,
  attemptId: string,
  batch: { batchId: string; captureId: string },
): Promise<BatchState> {
  const { rows } = await db.query<{
    firstSeq: string | null;
    eventCount: number | null;
    nextBatchNo: number;
    submittedSlugs: string[];
  }>(
    `select b.first_seq as "firstSeq", b.event_count as "eventCount",
       (select coalesce(max(batch_no) + 1, 0)::int from attempt_event_batches
        where attempt_id = $1 and capture_id = $3) as "nextBatchNo",
       array(select challenge_slug from gradings where attempt_id = $1 and kind = 'submit') as "submittedSlugs"
     from (select 1) as one
     left join attempt_event_batches b on b.attempt_id = $1 and b.batch_id = $2`,
    [attemptId, batch.batchId, batch.captureId],
  );
  const row = rows[0];
  return {
    existing:
      row?.firstSeq != null ? { firstSeq: Number(row.firstSeq), eventCount: row.eventCount ?? 0 } : null,
    nextBatchNo: row?.nextBatchNo ?? 0,
    submittedSlugs: row?.submittedSlugs ?? [],
  };
}

export async function insertBatch(
  db: Queryable,
  batch: {
    attemptId: string;
    batchId: string;
    captureId: string;
    batchNo: number;
    firstSeq: number;
    eventCount: number;
  },
): Promise<void> {
  await db.query(
    `insert into attempt_event_batches (attempt_id, batch_id, capture_id, batch_no, first_seq, event_count)
     values ($1, $2, $3, $4, $5, $6)`,
    [batch.attemptId, batch.batchId, batch.captureId, batch.batchNo, batch.firstSeq, batch.eventCount],
  );
}
