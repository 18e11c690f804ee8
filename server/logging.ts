import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import { type DestinationStream, type Logger, pino } from 'pino';
import { routeLabel } from './metrics.ts';

export type { Logger };

/** A line and, optionally, fields to log with it (a grading's id, the request that asked for it). */
export type LogLine = (line: string, fields?: Record<string, unknown>) => void;

/**
 * JSON lines on stdout (pino): time, level, service, process, message and fields. What would be a
 * secret or a candidate's work is censored by key wherever it appears: passwords, tokens, cookies,
 * authorization headers, files and their content.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'gauntlet', pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: {
        paths: [
          'password',
          'token',
          'cookie',
          'authorization',
          'files',
          'content',
          '*.password',
          '*.token',
          '*.cookie',
          '*.authorization',
          '*.files',
          '*.content',
        ],
        censor: '[redacted]',
      },
    },
    destination,
  );
}

/** The line-logging function the platform's parts take, writing to `logger` at info level. */
export const lineLog =
  (logger: Logger): LogLine =>
  (line, fields) =>
    logger.info(fields ?? {}, line);

/** A request id a client or proxy may send (`X-Request-Id`); anything else is replaced by a fresh one. */
const REQUEST_ID = /^[A-Za-z0-9._:-]{8,64}$/;

/**
 * Gives every request an id (the caller's `X-Request-Id` when it is a plausible one, else a new
 * UUID), answers it in `X-Request-Id`, keeps it in `res.locals.requestId` for the work the request
 * queues, and logs one line per request: method, route pattern (never the raw URL, which can hold
 * an invitation token), status and time. Server errors log at error level.
 */
export function requestLogging(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const given = req.get('x-request-id');
    const requestId = given && REQUEST_ID.test(given) ? given : randomUUID();
    res.locals.requestId = requestId;
    res.set('X-Request-Id', requestId);
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const fields = {
        requestId,
        method: req.method,
        route: routeLabel(req, res),
        status: res.statusCode,
        ms: Math.round(ms * 10) / 10,
      };
      if (res.statusCode >= 500) logger.error(fields, 'request failed');
      else logger.info(fields, 'request');
    });
    next();
  };
}
