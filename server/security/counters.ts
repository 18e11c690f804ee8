import { one, type Queryable } from '../db/pool.ts';

/**
 * Counts one hit of `key` against `bucket` in the fixed window that holds now, in one atomic
 * statement (concurrent hits from any API process each get their own count). Returns the count
 * after this hit and the seconds until the window ends.
 */
export async function hitCounter(
  db: Queryable,
  bucket: string,
  key: string,
  windowSeconds: number,
): Promise<{ hits: number; resetSeconds: number }> {
  const { rows } = await db.query<{ hits: number; resetSeconds: number }>(
    `with w as (
       select to_timestamp(floor(extract(epoch from now()) / $3) * $3) as start
     )
     insert into rate_limit_counters (bucket, key, window_start, window_end, hits)
     select $1, $2, w.start, w.start + make_interval(secs => $3), 1 from w
     on conflict (bucket, key, window_start) do update set hits = rate_limit_counters.hits + 1
     returning hits,
       greatest(1, ceil(extract(epoch from window_end - now())))::int as "resetSeconds"`,
    [bucket, key, windowSeconds],
  );
  return one(rows);
}

/** Deletes the counters whose window has ended; returns how many. */
export async function deleteEndedCounters(db: Queryable): Promise<number> {
  const result = await db.query('delete from rate_limit_counters where window_end <= now()');
  return result.rowCount ?? 0;
}
