import type { EventKind } from '../contract/events.ts';
import { one, type Queryable } from '../db/pool.ts';

/** An event ready to append: its seq and time are decided by `appendEventRows`. */
export interface NewEvent {
  challengeSlug: string;
  kind: EventKind;
  payload: unknown;
  /** Milliseconds before the newest event of its batch (0 for server events). */
  agoMs: number;
  /** The staff member who made it (in an interview); absent for the candidate and the server. */
  authorId?: string | null;
}

export interface EventRow {
  seq: number;
  at: Date;
  challengeSlug: string;
  kind: EventKind;
  payload: unknown;
  /** The staff member who made it, by name; null for the candidate and what the server observed. */
  authorName: string | null;
}

export interface LogHead {
  lastSeq: number;
  lastAt: Date | null;
  now: Date;
}

/**
 * Locks the attempt's row against other appends (and a submission, which locks it too) for the rest
 * of the transaction, and reads where its log ends and the server's clock.
 */
export async function lockLogHead(db: Queryable, attemptId: string): Promise<LogHead | undefined> {
  const locked = await db.query('select 1 from attempts where id = $1 for no key update', [attemptId]);
  if (!locked.rowCount) return undefined;
  // A statement of its own, after the lock: a statement that waited for the lock would still read
  // the log as it was before the wait (its snapshot is older), and hand out a seq already taken.
  const { rows } = await db.query<{ lastSeq: string | null; lastAt: Date | null; now: Date }>(
    `select last.seq as "lastSeq", last.at as "lastAt", clock_timestamp() as now
     from (select 1) as one
     left join lateral (
       select seq, at from attempt_events where attempt_id = $1 order by seq desc limit 1
     ) as last on true`,
    [attemptId],
  );
  const head = one(rows);
  return { lastSeq: Number(head.lastSeq ?? 0), lastAt: head.lastAt, now: head.now };
}

/**
 * Appends events after `head` (which the caller holds locked): seq continues from the log's end,
 * and each event's time is the server's clock moved back by its offset in the batch, never before
 * the event that precedes it. Returns the first seq used.
 */
export async function appendEventRows(
  db: Queryable,
  head: LogHead,
  log: { attemptId: string; organisationId: string; batchId: string | null },
  events: readonly NewEvent[],
): Promise<number> {
  const firstSeq = head.lastSeq + 1;
  if (events.length === 0) return firstSeq;
  const floor = head.lastAt?.getTime() ?? 0;
  let previous = floor;
  const ats = events.map((e) => {
    previous = Math.max(previous, head.now.getTime() - e.agoMs);
    return new Date(previous).toISOString();
  });
  await db.query(
    `insert into attempt_events (attempt_id, seq, organisation_id, challenge_slug, kind, payload, at, batch_id, author_id)
     select $1, $2::bigint + e.ord - 1, $3, e.slug, e.kind, e.payload::jsonb, e.at, $8, e.author
     from unnest($4::text[], $5::text[], $6::text[], $7::timestamptz[], $9::uuid[]) with ordinality
       as e(slug, kind, payload, at, author, ord)`,
    [
      log.attemptId,
      firstSeq,
      log.organisationId,
      events.map((e) => e.challengeSlug),
      events.map((e) => e.kind),
      events.map((e) => JSON.stringify(e.payload)),
      ats,
      log.batchId,
      events.map((e) => e.authorId ?? null),
    ],
  );
  return firstSeq;
}

/** Reads events of an attempt in seq order, after `afterSeq`, at most `limit`. */
export async function listEvents(
  db: Queryable,
  attemptId: string,
  options: {
    afterSeq?: number;
    limit?: number;
    challengeSlug?: string;
    untilSeq?: number;
    kinds?: string[];
  } = {},
): Promise<EventRow[]> {
  const { rows } = await db.query<EventRow & { seq: string }>(
    `select seq, at, challenge_slug as "challengeSlug", kind, payload, s.name as "authorName"
     from attempt_events e left join staff_users s on s.id = e.author_id
     where attempt_id = $1 and seq > $2 and ($3::text is null or challenge_slug = $3)
       and ($4::bigint is null or seq <= $4) and ($5::text[] is null or kind = any($5))
     order by seq limit $6`,
    [
      attemptId,
      options.afterSeq ?? 0,
      options.challengeSlug ?? null,
      options.untilSeq ?? null,
      options.kinds ?? null,
      options.limit ?? 10_000,
    ],
  );
  return rows.map((r) => ({ ...r, seq: Number(r.seq) }));
}

export async function countEvents(
  db: Queryable,
  attemptId: string,
): Promise<{ count: number; lastSeq: number }> {
  const { rows } = await db.query<{ count: number; lastSeq: string | null }>(
    `select count(*)::int as count, max(seq) as "lastSeq" from attempt_events where attempt_id = $1`,
    [attemptId],
  );
  const row = one(rows);
  return { count: row.count, lastSeq: Number(row.lastSeq ?? 0) };
}

/**
 * How many file-changing events a challenge has after its newest snapshot (or since the start),
 * counted up to `cap`: whether a snapshot is due, without reading the events.
 */
export async function countFileEventsSinceSnapshot(
  db: Queryable,
  attemptId: string,
  challengeSlug: string,
  cap = 1000,
): Promise<number> {
  const { rows } = await db.query<{ count: number }>(
    `select count(*)::int as count from (
       select 1 from attempt_events
       where attempt_id = $1 and challenge_slug = $2
         and seq > coalesce(
           (select max(seq) from attempt_snapshots where attempt_id = $1 and challenge_slug = $2), 0)
         and kind in ('edit', 'file_create', 'file_rename', 'file_delete')
       limit $3
     ) as due`,
    [attemptId, challengeSlug, cap],
  );
  return rows[0]?.count ?? 0;
}
