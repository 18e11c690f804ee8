/**
 * Moves a demo attempt, played through the commands in a few seconds, to the time it is meant to
 * have taken: the commands stamp everything with the server's clock, and the demo's half hour of
 * work cannot be waited for at start. Only times change; what was stored stays as stored.
 */
import { type Db, transaction } from '../db/pool.ts';

/** When each stored thing happened, in milliseconds after the attempt started. */
export interface Timeline {
  /** One time per appended event, in seq order. */
  events: number[];
  /** When each batch's last event was made (the page sends it about then). */
  batches: number[];
  saves: number[];
  gradings: Map<string, { requestedMs: number; finishedMs: number }>;
  submittedMs: number | null;
}

export const timelineOf = (): Timeline => ({
  events: [],
  batches: [],
  saves: [],
  gradings: new Map(),
  submittedMs: null,
});

/** Rewrites the attempt's times so it started at `startedAt` and everything followed its timeline. */
export async function backdate(
  db: Db,
  attemptId: string,
  startedAt: Date,
  timeline: Timeline,
): Promise<void> {
  const at = (ms: number) => new Date(startedAt.getTime() + ms).toISOString();
  await transaction(db, async (client) => {
    await client.query(
      `update attempts set started_at = $2, deadline_at = $2::timestamptz + (deadline_at - started_at),
         submitted_at = case when submitted_at is null then null else $3::timestamptz end,
         created_at = $2::timestamptz - interval '1 minute'
       where id = $1`,
      [attemptId, at(0), at(timeline.submittedMs ?? 0)],
    );
    await client.query(
      `update invitations set created_at = $2::timestamptz - interval '1 day'
       where id = (select invitation_id from attempts where id = $1)`,
      [attemptId, at(0)],
    );
    await client.query(
      `update attempt_events e set at = t.at
       from unnest($2::timestamptz[]) with ordinality as t(at, seq)
       where e.attempt_id = $1 and e.seq = t.seq`,
      [attemptId, timeline.events.map(at)],
    );
    await client.query(
      `update attempt_event_batches b set received_at = t.at
       from unnest($2::timestamptz[]) with ordinality as t(at, no)
       where b.attempt_id = $1 and b.batch_no = t.no - 1`,
      [attemptId, timeline.batches.map(at)],
    );
    await client.query(
      `update attempt_snapshots s set created_at = e.at from attempt_events e
       where s.attempt_id = $1 and e.attempt_id = $1 and e.seq = s.seq`,
      [attemptId],
    );
    await client.query('update attempt_files set updated_at = $2 where attempt_id = $1', [
      attemptId,
      at(timeline.saves.at(-1) ?? 0),
    ]);
    const gradings = [...timeline.gradings];
    await client.query(
      `update gradings g set created_at = t.requested, started_at = t.requested + interval '200 milliseconds',
         finished_at = t.finished
       from unnest($2::uuid[], $3::timestamptz[], $4::timestamptz[]) as t(id, requested, finished)
       where g.attempt_id = $1 and g.id = t.id`,
      [
        attemptId,
        gradings.map(([id]) => id),
        gradings.map(([, g]) => at(g.requestedMs)),
        gradings.map(([, g]) => at(g.finishedMs)),
      ],
    );
    await client.query('update attempt_scores set computed_at = $2 where attempt_id = $1', [
      attemptId,
      at(timeline.submittedMs ?? 0),
    ]);
  });
}
