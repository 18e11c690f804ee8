import type { Queryable } from '../db/pool.ts';

export interface BatchRow {
  firstSeq: number;
  eventCount: number;
}

export async function findBatch(
  db: Queryable,
  attemptId: string,
  batchId: string,
): Promise<BatchRow | undefined> {
  const { rows } = await db.query<{ firstSeq: string; eventCount: number }>(
    `select first_seq as "firstSeq", event_count as "eventCount" from attempt_event_batches
     where attempt_id = $1 and batch_id = $2`,
    [attemptId, batchId],
  );
  const row = rows[0];
  return row && { firstSeq: Number(row.firstSeq), eventCount: row.eventCount };
}

/** The number the capture's next batch must carry: one past the last stored, 0 for a new capture. */
export async function nextBatchNo(db: Queryable, attemptId: string, captureId: string): Promise<number> {
  const { rows } = await db.query<{ next: number }>(
    `select coalesce(max(batch_no) + 1, 0)::int as next from attempt_event_batches
     where attempt_id = $1 and capture_id = $2`,
    [attemptId, captureId],
  );
  return rows[0]?.next ?? 0;
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
