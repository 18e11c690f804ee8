import type { Queryable } from '../../server/db/pool.ts';

/** One place a marker was found: the table, and the column when it was a bytea column. */
export interface Trace {
  table: string;
  column: string;
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * Where `marker` still appears, case-insensitively, in ANY table of the database (every schema but
 * the system's): each row is read as text, which covers every text, json, jsonb, array and enum
 * column at once, and each bytea column is read through `encode(…, 'escape')` so text stored as
 * bytes (a shared document's Yjs state) is searched too. The proof that an erasure left no trace.
 */
export async function findTraces(db: Queryable, marker: string): Promise<Trace[]> {
  const { rows: tables } = await db.query<{ schema: string; table: string }>(
    `select table_schema as schema, table_name as table from information_schema.tables
     where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema')
     order by 1, 2`,
  );
  const { rows: byteColumns } = await db.query<{ schema: string; table: string; column: string }>(
    `select table_schema as schema, table_name as table, column_name as column from information_schema.columns
     where data_type = 'bytea' and table_schema not in ('pg_catalog', 'information_schema')`,
  );
  const traces: Trace[] = [];
  for (const t of tables) {
    const name = `${quote(t.schema)}.${quote(t.table)}`;
    const { rows } = await db.query<{ n: number }>(
      `select count(*)::int as n from ${name} r where strpos(lower(r::text), lower($1)) > 0`,
      [marker],
    );
    if ((rows[0]?.n ?? 0) > 0) traces.push({ table: name, column: '*' });
  }
  for (const c of byteColumns) {
    const name = `${quote(c.schema)}.${quote(c.table)}`;
    const { rows } = await db.query<{ n: number }>(
      `select count(*)::int as n from ${name}
       where strpos(lower(encode(${quote(c.column)}, 'escape')), lower($1)) > 0`,
      [marker],
    );
    if ((rows[0]?.n ?? 0) > 0) traces.push({ table: name, column: c.column });
  }
  return traces;
}

/** How many tables and bytea columns the search reads, so a test can show it searched widely. */
export async function countSearchedTables(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `select count(*)::int as n from information_schema.tables
     where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema')`,
  );
  return rows[0]?.n ?? 0;
}
