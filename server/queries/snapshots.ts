import type { Queryable } from '../db/pool.ts';

export interface SnapshotRow {
  seq: number;
  /** path → content */
  files: Record<string, string>;
  fileEventCount: number;
}

/** The newest snapshot of a challenge's files taken at or before `untilSeq` (any, when omitted). */
export async function findSnapshot(
  db: Queryable,
  attemptId: string,
  challengeSlug: string,
  untilSeq?: number,
): Promise<SnapshotRow | undefined> {
  const { rows } = await db.query<SnapshotRow & { seq: string }>(
    `select seq, files, file_event_count as "fileEventCount" from attempt_snapshots
     where attempt_id = $1 and challenge_slug = $2 and ($3::bigint is null or seq <= $3)
     order by seq desc limit 1`,
    [attemptId, challengeSlug, untilSeq ?? null],
  );
  const row = rows[0];
  return row && { ...row, seq: Number(row.seq) };
}

/** Stores a snapshot once; a second builder racing for the same seq changes nothing. */
export async function insertSnapshot(
  db: Queryable,
  snapshot: {
    attemptId: string;
    challengeSlug: string;
    seq: number;
    files: Record<string, string>;
    fileEventCount: number;
  },
): Promise<void> {
  await db.query(
    `insert into attempt_snapshots (attempt_id, challenge_slug, seq, files, file_event_count)
     values ($1, $2, $3, $4, $5) on conflict do nothing`,
    [
      snapshot.attemptId,
      snapshot.challengeSlug,
      snapshot.seq,
      JSON.stringify(snapshot.files),
      snapshot.fileEventCount,
    ],
  );
}
