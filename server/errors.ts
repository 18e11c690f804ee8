import type { ErrorRequestHandler } from 'express';
import { ZodError } from 'zod';
import { isDatabaseUnavailable } from './db/unavailable.ts';

/** An error meant for the client: an HTTP status, a stable id and a message that names what was wrong. */
export class HttpError extends Error {
  override name = 'HttpError';
  readonly status: number;
  readonly id: string;
  constructor(status: number, id: string, message: string) {
    super(message);
    this.status = status;
    this.id = id;
  }
}

export const invalid = (message: string, id = 'invalid_request') => new HttpError(400, id, message);
export const unauthenticated = (message = 'Sign in first.') => new HttpError(401, 'unauthenticated', message);
export const forbidden = (message = 'You may not do that.') => new HttpError(403, 'forbidden', message);
export const notFound = (what: string, id = 'not_found') => new HttpError(404, id, `${what} was not found.`);
export const conflict = (message: string, id = 'conflict') => new HttpError(409, id, message);
export const gone = (message: string, id = 'gone') => new HttpError(410, id, message);
export const tooLarge = (message: string) => new HttpError(413, 'too_large', message);

/**
 * The first zod issue as `"field.path: message"`, the way every 400 names the bad field; an issue
 * with the whole input is named `whole` (the body, or a GET's query).
 */
export function describeZodError(error: ZodError, whole = 'body'): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid request';
  const field = issue.path.length > 0 ? issue.path.join('.') : whole;
  return `${field}: ${issue.message}`;
}

/**
 * Renders every error as `{ error: { id, message } }`; an unreachable database is a 503
 * `database_unavailable` with Retry-After; unknown errors are logged and become a plain 500.
 */
export const renderErrors: ErrorRequestHandler = (error, req, res, _next) => {
  if (error instanceof HttpError) {
    res.status(error.status).json({ error: { id: error.id, message: error.message } });
  } else if (error instanceof ZodError) {
    // No body parser took the body (another content type, or none): say that, not which field is missing.
    const message =
      req.body === undefined && req.method !== 'GET'
        ? 'body: must be JSON, sent with Content-Type: application/json'
        : describeZodError(error, req.method === 'GET' ? 'query' : 'body');
    res.status(400).json({ error: { id: 'invalid_request', message } });
  } else if (isBodyParserError(error)) {
    const status = error.type === 'entity.too.large' ? 413 : 400;
    const message =
      status === 413
        ? 'The request body is too large.'
        : error.type === 'entity.parse.failed'
          ? `The request body is not valid JSON: ${error.message}`
          : `The request body could not be read: ${error.message}`;
    res.status(status).json({ error: { id: status === 413 ? 'too_large' : 'invalid_json', message } });
  } else if (isDatabaseUnavailable(error)) {
    // PostgreSQL restarting or unreachable: say so and when to retry, instead of a 500 storm; the
    // pool reconnects by itself once it is back.
    process.stderr.write(`database unavailable: ${error instanceof Error ? error.message : String(error)}\n`);
    res.set('Retry-After', '2');
    res.status(503).json({
      error: {
        id: 'database_unavailable',
        message: 'The database is unavailable for a moment; try again in a few seconds.',
      },
    });
  } else {
    process.stderr.write(
      `unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    res.status(500).json({ error: { id: 'internal', message: 'Something went wrong on our side.' } });
  }
};

/**
 * An error of the body parser: its own carry a `type`; a failure of the stream under it (gzip that
 * is not gzip) only the `status` and `expose` that http-errors gives it.
 */
function isBodyParserError(error: unknown): error is { type?: string; message: string } {
  return (
    typeof error === 'object' &&
    error !== null &&
    'status' in error &&
    (('type' in error && typeof error.type === 'string') || ('expose' in error && error.expose === true))
  );
}
