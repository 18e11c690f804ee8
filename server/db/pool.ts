import pg from 'pg';

export type Db = pg.Pool;
export type Queryable = pg.Pool | pg.PoolClient;

/** A connection pool; errors on idle clients (a restarted server) are logged, not fatal. */
export function createPool(connectionString: string, max = 10): Db {
  const pool = new pg.Pool({ connectionString, max, connectionTimeoutMillis: 10_000 });
  pool.on('error', (error) => process.stderr.write(`postgres pool: ${error.message}\n`));
  return pool;
}

/**
 * Runs `work` in a transaction, committing on success and rolling back on any error. A client whose
 * connection broke meanwhile is discarded, not returned to the pool.
 */
export async function transaction<T>(db: Db, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await db.connect();
  // The pool only listens for errors on idle clients: a server shutting down (57P01) between two
  // statements of a checked-out client would otherwise be an unhandled 'error' event that ends the
  // process. The next statement then fails with the broken connection, and the request with a 503.
  let broken: Error | undefined;
  const onError = (error: Error) => {
    broken = error;
  };
  client.on('error', onError);
  try {
    await client.query('begin');
    const result = await work(client);
    await client.query('commit');
    return result;
  } catch (error) {
    const rolledBack = await client.query('rollback').then(
      () => true,
      () => false,
    );
    if (!rolledBack) broken ??= error instanceof Error ? error : new Error(String(error));
    throw error;
  } finally {
    client.off('error', onError);
    client.release(broken);
  }
}

/** The single row a statement must return (an insert's `returning`), or a clear error. */
export function one<T>(rows: T[]): T {
  const row = rows[0];
  if (row === undefined) throw new Error('expected the statement to return a row');
  return row;
}
