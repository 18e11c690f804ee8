import type { WorkspaceFile } from '../contract/api.ts';
import type { Queryable } from '../db/pool.ts';

export async function listAttemptFiles(
  db: Queryable,
  attemptId: string,
  challengeSlug: string,
): Promise<WorkspaceFile[]> {
  const { rows } = await db.query<WorkspaceFile>(
    'select path, content from attempt_files where attempt_id = $1 and challenge_slug = $2 order by path',
    [attemptId, challengeSlug],
  );
  return rows;
}

/** Replaces the saved file set of one challenge; run inside a transaction. */
export async function replaceAttemptFiles(
  db: Queryable,
  attemptId: string,
  challengeSlug: string,
  files: WorkspaceFile[],
): Promise<void> {
  await db.query(
    'delete from attempt_files where attempt_id = $1 and challenge_slug = $2 and not (path = any($3))',
    [attemptId, challengeSlug, files.map((f) => f.path)],
  );
  if (files.length === 0) return;
  await db.query(
    `insert into attempt_files (attempt_id, challenge_slug, path, content)
     select $1, $2, f.path, f.content from unnest($3::text[], $4::text[]) as f(path, content)
     on conflict (attempt_id, challenge_slug, path)
     do update set content = excluded.content, updated_at = now()
     where attempt_files.content is distinct from excluded.content`,
    [attemptId, challengeSlug, files.map((f) => f.path), files.map((f) => f.content)],
  );
}
