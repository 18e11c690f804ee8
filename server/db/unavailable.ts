/**
 * SQLSTATEs and socket errors that mean "PostgreSQL cannot be reached right now" (it is restarting,
 * shutting down or refusing connections), not that a statement was wrong: class 08 (connection
 * exceptions) and 57P01–57P03 (the server is shutting down or starting up).
 */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  '57P01',
  '57P02',
  '57P03',
]);

/** What `pg` throws, without a code, when its socket closes or it cannot get a connection in time. */
const UNAVAILABLE_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection ended unexpectedly/;

/** Whether `error` says the database is unreachable (worth a 503 and a retry), not that the request was bad. */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = 'code' in error && typeof error.code === 'string' ? error.code : '';
  if (UNAVAILABLE_CODES.has(code) || code.startsWith('08')) return true;
  // A connection to a host name that resolves to several addresses fails with one error per address.
  if (error instanceof AggregateError) return error.errors.some(isDatabaseUnavailable);
  return error instanceof Error && UNAVAILABLE_MESSAGES.test(error.message);
}
