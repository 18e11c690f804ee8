import type { Queryable } from '../db/pool.ts';

export interface SessionRow {
  staffUserId: string | null;
  attemptId: string | null;
}

export async function insertSession(
  db: Queryable,
  session: { idHash: Buffer; staffUserId?: string; attemptId?: string; expiresAt: Date },
): Promise<void> {
  await db.query(
    'insert into sessions (id_hash, staff_user_id, attempt_id, expires_at) values ($1, $2, $3, $4)',
    [session.idHash, session.staffUserId ?? null, session.attemptId ?? null, session.expiresAt],
  );
}

export async function findLiveSession(db: Queryable, idHash: Buffer): Promise<SessionRow | undefined> {
  const { rows } = await db.query<SessionRow>(
    `select staff_user_id as "staffUserId", attempt_id as "attemptId"
     from sessions where id_hash = $1 and expires_at > now()`,
    [idHash],
  );
  return rows[0];
}

export async function deleteSession(db: Queryable, idHash: Buffer): Promise<void> {
  await db.query('delete from sessions where id_hash = $1', [idHash]);
}

export async function deleteExpiredSessions(db: Queryable): Promise<number> {
  const result = await db.query('delete from sessions where expires_at <= now()');
  return result.rowCount ?? 0;
}
