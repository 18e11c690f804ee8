import { createHash, randomBytes } from 'node:crypto';
import type { Request, Response } from 'express';
import type { Config } from '../config.ts';
import type { ApiScope } from '../contract/api-tokens.ts';
import type { Db, Queryable } from '../db/pool.ts';
import { HttpError } from '../errors.ts';
import { type ApiTokenRow, findApiTokenByHash, touchApiToken } from '../queries/api-tokens.ts';
import type { AuditActor } from '../security/audit.ts';
import { clientIp, enforceRateLimit } from '../security/rate-limit.ts';

/** Every token starts with this, so a leaked one is recognisable (secret scanners, logs). */
export const API_TOKEN_PREFIX = 'gnt_';
const TOKEN = /^gnt_[A-Za-z0-9_-]{43}$/;

/** A token that verified: who it speaks for and what it may do. */
export interface VerifiedApiToken {
  tokenId: string;
  organisationId: string;
  scopes: ApiScope[];
}

/** The caller of an /api/v1 route: the verified token, with what names it in the audit log. */
export interface ApiTokenCaller extends VerifiedApiToken {
  name: string;
  prefix: string;
}

/** Only the sha256 of a token is stored: a 256-bit random secret needs no slow hash. */
export const hashApiToken = (raw: string): Buffer => createHash('sha256').update(raw).digest();

/** A new token: `gnt_` and 32 random bytes base64url, its short visible prefix and its hash. */
export function newApiToken(): { secret: string; prefix: string; hash: Buffer } {
  const secret = `${API_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  return { secret, prefix: secret.slice(0, API_TOKEN_PREFIX.length + 8), hash: hashApiToken(secret) };
}

type Checked = { token: ApiTokenRow } | { refused: 'invalid_token' | 'token_revoked' | 'token_expired' };

/**
 * Finds the token by the hash of what was sent (no comparison of secrets in JavaScript, so no
 * timing to learn from) and says why it is refused, if it is.
 */
async function checkApiToken(db: Queryable, raw: string, now = Date.now()): Promise<Checked> {
  if (!TOKEN.test(raw)) return { refused: 'invalid_token' };
  const token = await findApiTokenByHash(db, hashApiToken(raw));
  if (!token) return { refused: 'invalid_token' };
  if (token.revokedAt) return { refused: 'token_revoked' };
  if (token.expiresAt && token.expiresAt.getTime() <= now) return { refused: 'token_expired' };
  return { token };
}

/**
 * The organisation and scopes of a raw token (without `Bearer `), or null when it is unknown,
 * revoked or expired. The stable entry point for other integrations (an ATS connection).
 */
export async function verifyApiToken(db: Queryable, raw: string): Promise<VerifiedApiToken | null> {
  const checked = await checkApiToken(db, raw);
  if ('refused' in checked) return null;
  return {
    tokenId: checked.token.id,
    organisationId: checked.token.organisationId,
    scopes: checked.token.scopes,
  };
}

/** Whether the scopes grant `scope`: `admin` grants every scope. */
export const grants = (scopes: readonly ApiScope[], scope: ApiScope): boolean =>
  scopes.includes(scope) || scopes.includes('admin');

const REFUSALS = {
  invalid_token: 'The API token is not valid: send the whole token Gauntlet showed when it was created.',
  token_revoked: 'This API token was revoked: ask a hiring manager of your organisation for a new one.',
  token_expired: 'This API token has expired: ask a hiring manager of your organisation for a new one.',
} as const;

/**
 * The token of an /api/v1 request, or 401: only `Authorization: Bearer gnt_…` is read, never a
 * cookie, so a page of another site cannot ride a staff member's session into the API (CSRF).
 * Then as `authoriseApiToken`.
 */
export async function requireApiToken(
  req: Request,
  res: Response,
  deps: { db: Db; config: Config },
  scopes: readonly ApiScope[],
): Promise<ApiTokenCaller> {
  const header = req.headers.authorization ?? '';
  const match = /^Bearer +(\S+)\s*$/i.exec(header);
  if (!match?.[1]) {
    res.set('WWW-Authenticate', 'Bearer realm="gauntlet"');
    throw new HttpError(
      401,
      'unauthenticated',
      'Send an API token as "Authorization: Bearer gnt_…"; a hiring manager creates one under API tokens.',
    );
  }
  return authoriseApiToken(match[1], res, deps, scopes);
}

/**
 * A raw token however it came (a Bearer header, or Greenhouse's Basic user name), or 401 when
 * unknown, revoked or expired. A known token is then counted against its rate limit (429) and must
 * grant one of `scopes` (403 naming the scope it lacks). Its last use is noted. `challenge` is the
 * WWW-Authenticate scheme and realm the caller speaks.
 */
export async function authoriseApiToken(
  raw: string,
  res: Response,
  deps: { db: Db; config: Config },
  scopes: readonly ApiScope[],
  challenge = 'Bearer realm="gauntlet"',
): Promise<ApiTokenCaller> {
  const checked = await checkApiToken(deps.db, raw);
  if ('refused' in checked) {
    res.set('WWW-Authenticate', `${challenge}, error="invalid_token"`);
    throw new HttpError(401, checked.refused, REFUSALS[checked.refused]);
  }
  const { token } = checked;
  await enforceRateLimit(deps, res, 'api_token', token.id);
  if (!scopes.some((scope) => grants(token.scopes, scope))) {
    const needed = scopes.join(' or ');
    res.set('WWW-Authenticate', `${challenge}, error="insufficient_scope", scope="${scopes.join(' ')}"`);
    throw new HttpError(
      403,
      'forbidden',
      `This API token lacks the scope ${needed} (it has ${token.scopes.join(', ')}).`,
    );
  }
  await touchApiToken(deps.db, token.id);
  return {
    tokenId: token.id,
    organisationId: token.organisationId,
    scopes: token.scopes,
    name: token.name,
    prefix: token.prefix,
  };
}

/** The actor of an action taken with a token: the token, not a staff member, and the client address. */
export const tokenAuditActor = (req: Pick<Request, 'ip' | 'socket'>, caller: ApiTokenCaller): AuditActor => ({
  organisationId: caller.organisationId,
  actorId: null,
  tokenId: caller.tokenId,
  ip: clientIp(req),
});
