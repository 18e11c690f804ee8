import pg from 'pg';

export type Db = pg.Pool;
export type Queryable = pg.Pool | pg.PoolClient;

/** A connection pool; errors on idle clients (a restarted server) are logged, not fatal. */
export function createPool(connectionString: string, max = 10): Db {
  const pool = new pg.Pool({ connectionString, max, connectionTimeoutMillis: 10_000 });
  pool.on('error', (error) => process.stderr.write(`postgres pool: ${error.message}\n`));
  return pool;
}

/** Runs `work` in a transaction, committing on success and rolling back on any error. */
export async function transaction<T>(db: Db, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await db.connect();
  try {
    await client.query('begin');
    const result = await work(client);
    await client.query('commit');
    return result;
  } catch (error) {
    await client.query('rollback').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/** The single row a statement must return (an insert's `returning`), or a clear error. */
export function one<T>(rows: T[]): T {
  const row = rows[0];
  if (row === undefined) throw new Error('expected the statement to return a row');
  return row;
}
