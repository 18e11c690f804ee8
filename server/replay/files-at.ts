import type { ReplayEvent } from '../contract/events.ts';
import { applyEvent, FILE_EVENT_KINDS, type FileMap, toFileMap } from '../contract/replay.ts';
import type { Queryable } from '../db/pool.ts';
import { listEvents } from '../queries/events.ts';
import { findSnapshot } from '../queries/snapshots.ts';

export type StarterFiles = ReadonlyArray<{ path: string; content: string }>;

const FILE_KINDS = [...FILE_EVENT_KINDS];

/**
 * A challenge's files right after event `seq` (the whole log when omitted): the nearest snapshot at
 * or before it, or the starter, plus the file events between. Also says how many file events the
 * result includes, which tells the snapshot taker when the next one is due.
 */
export async function filesAt(
  db: Queryable,
  starter: StarterFiles,
  attemptId: string,
  challengeSlug: string,
  seq?: number,
): Promise<{ files: FileMap; lastSeq: number; fileEventCount: number }> {
  const snapshot = await findSnapshot(db, attemptId, challengeSlug, seq);
  const files = snapshot ? new Map(Object.entries(snapshot.files)) : toFileMap(starter);
  let lastSeq = snapshot?.seq ?? 0;
  let fileEventCount = snapshot?.fileEventCount ?? 0;
  for (;;) {
    const page = await listEvents(db, attemptId, {
      challengeSlug,
      afterSeq: lastSeq,
      kinds: FILE_KINDS,
      limit: 2000,
      ...(seq !== undefined ? { untilSeq: seq } : {}),
    });
    for (const event of page) applyEvent(files, event as ReplayEvent);
    fileEventCount += page.length;
    lastSeq = page.at(-1)?.seq ?? lastSeq;
    if (page.length < 2000) break;
  }
  return { files, lastSeq, fileEventCount };
}
