import type { Queryable } from '../db/pool.ts';

/** Names this platform (its installation and database) among others that may share a Docker engine. */
export async function platformScope(db: Queryable): Promise<string> {
  const { rows } = await db.query<{ scope: string }>(
    `select left(md5(id::text || '/' || current_database()), 16) as scope from platform_instance`,
  );
  const scope = rows[0]?.scope;
  if (!scope) throw new Error('platform_instance is empty: the migrations did not run');
  return scope;
}
