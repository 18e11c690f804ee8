import type { ReplayEvent } from '../contract/events.ts';
import { applyEvent, FILE_EVENT_KINDS, toFileMap } from '../contract/replay.ts';
import type { Queryable } from '../db/pool.ts';
import { countFileEventsSinceSnapshot, listEvents } from '../queries/events.ts';
import { findSnapshot, insertSnapshot } from '../queries/snapshots.ts';
import type { StarterFiles } from './files-at.ts';

/** A challenge's files are snapshotted after every this many of its file events. */
export const SNAPSHOT_EVERY = 200;

const FILE_KINDS = [...FILE_EVENT_KINDS];

/**
 * Takes the snapshots that are due for a challenge: one per SNAPSHOT_EVERY file events since the
 * newest. Safe to run concurrently (a snapshot is stored once) and to skip (a seek just replays
 * further): the log, not the snapshots, is the record.
 */
export async function takeDueSnapshots(
  db: Queryable,
  starter: StarterFiles,
  attemptId: string,
  challengeSlug: string,
): Promise<number> {
  // Counting first keeps the common case (no snapshot due) to one query that reads no events.
  if ((await countFileEventsSinceSnapshot(db, attemptId, challengeSlug)) < SNAPSHOT_EVERY) return 0;
  const snapshot = await findSnapshot(db, attemptId, challengeSlug);
  const events = await listEvents(db, attemptId, {
    challengeSlug,
    afterSeq: snapshot?.seq ?? 0,
    kinds: FILE_KINDS,
    limit: 50 * SNAPSHOT_EVERY,
  });
  if (events.length < SNAPSHOT_EVERY) return 0;
  const files = snapshot ? new Map(Object.entries(snapshot.files)) : toFileMap(starter);
  let count = snapshot?.fileEventCount ?? 0;
  let taken = 0;
  for (const [index, event] of events.entries()) {
    applyEvent(files, event as ReplayEvent);
    count += 1;
    if ((index + 1) % SNAPSHOT_EVERY === 0) {
      await insertSnapshot(db, {
        attemptId,
        challengeSlug,
        seq: event.seq,
        files: Object.fromEntries(files),
        fileEventCount: count,
      });
      taken += 1;
    }
  }
  return taken;
}
