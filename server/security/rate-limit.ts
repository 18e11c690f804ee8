import type { Response } from 'express';
import type { Config } from '../config.ts';
import type { Db } from '../db/pool.ts';
import { HttpError } from '../errors.ts';
import { hitCounter } from './counters.ts';

/** The limits Gauntlet enforces, each named in its 429 and in the counters table. */
export const RATE_LIMITS = {
  sign_in_ip: { setting: 'RATE_LIMIT_SIGN_IN_PER_IP', what: 'sign-in attempts from this address' },
  sign_in_email: { setting: 'RATE_LIMIT_SIGN_IN_PER_EMAIL', what: 'sign-in attempts for this email' },
  enter_ip: { setting: 'RATE_LIMIT_ENTER_PER_IP', what: 'invitation links opened from this address' },
  gradings_attempt: { setting: 'RATE_LIMIT_GRADINGS_PER_ATTEMPT', what: 'check runs for this attempt' },
  api_token: { setting: 'RATE_LIMIT_API_PER_TOKEN', what: 'requests with this API token' },
} as const satisfies Record<string, { setting: keyof Config; what: string }>;
export type RateLimitName = keyof typeof RATE_LIMITS;

/**
 * Counts this request against the named limit for `key` (stored in PostgreSQL, so every API
 * process shares the count). Past the limit it sets Retry-After and throws a 429 `rate_limited`
 * whose message names the limit; the error renderer answers it in the usual shape.
 */
export async function enforceRateLimit(
  deps: { db: Db; config: Config },
  res: Response,
  name: RateLimitName,
  key: string,
): Promise<void> {
  const limit = deps.config[RATE_LIMITS[name].setting];
  const window = deps.config.RATE_LIMIT_WINDOW_SECONDS;
  const { hits, resetSeconds } = await hitCounter(deps.db, name, key, window);
  if (hits <= limit) return;
  res.set('Retry-After', String(resetSeconds));
  throw new HttpError(
    429,
    'rate_limited',
    `Too many ${RATE_LIMITS[name].what} (limit ${name}: ${limit} per ${window} s); try again in ${resetSeconds} s.`,
  );
}

/** The client's address as Express resolved it (TRUST_PROXY decides whether X-Forwarded-For counts). */
export function clientIp(req: { ip?: string | undefined; socket: { remoteAddress?: string | undefined } }) {
  return req.ip ?? req.socket.remoteAddress ?? 'unknown';
}
