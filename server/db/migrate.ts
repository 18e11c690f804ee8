import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { type Db, transaction } from './pool.ts';

const MIGRATIONS_DIR = path.resolve(import.meta.dirname, '../../migrations');
const FILE_PATTERN = /^(\d{4})_[a-z0-9_]+\.sql$/;
/** Any constant: concurrent migrators (several API processes starting) queue on this lock. */
const LOCK_KEY = 7_242_001;

/**
 * Applies the numbered SQL files in migrations/ that are not yet recorded, in order, each in its
 * own transaction that records itself first. Forward only. Returns the names applied.
 */
export async function migrate(db: Db, dir = MIGRATIONS_DIR): Promise<string[]> {
  const files = (await readdir(dir)).filter((f) => FILE_PATTERN.test(f)).sort();
  const applied: string[] = [];
  await db.query(`create table if not exists schema_migrations (
    id int primary key,
    name text not null,
    applied_at timestamptz not null default now()
  )`);
  for (const file of files) {
    const id = Number(FILE_PATTERN.exec(file)?.[1]);
    const done = await transaction(db, async (client) => {
      await client.query('select pg_advisory_xact_lock($1)', [LOCK_KEY]);
      const existing = await client.query('select 1 from schema_migrations where id = $1', [id]);
      if (existing.rowCount) return false;
      await client.query('insert into schema_migrations (id, name) values ($1, $2)', [id, file]);
      await client.query(await readFile(path.join(dir, file), 'utf8'));
      return true;
    });
    if (done) applied.push(file);
  }
  return applied;
}
