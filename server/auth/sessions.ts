import type { Request, Response } from 'express';
import type { Config } from '../config.ts';
import type { Db } from '../db/pool.ts';
import { deleteSession, findLiveSession, insertSession, type SessionRow } from '../queries/sessions.ts';
import { hashSessionId, newToken } from './tokens.ts';

export const STAFF_COOKIE = 'gauntlet_staff';
export const CANDIDATE_COOKIE = 'gauntlet_candidate';
export type SessionCookie = typeof STAFF_COOKIE | typeof CANDIDATE_COOKIE;

/** Reads one cookie from the request header (Express 5 has no built-in cookie parser). */
export function readCookie(req: Pick<Request, 'headers'>, name: string): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/**
 * Opens a new session (a fresh random id on every sign-in, so an old id never gains rights) and
 * sets it as an httpOnly, SameSite=Lax cookie. Only a keyed hash of the id is stored.
 */
export async function openSession(
  res: Response,
  deps: { db: Db; config: Config },
  cookie: SessionCookie,
  owner: { staffUserId: string } | { attemptId: string },
  expiresAt: Date,
): Promise<void> {
  const id = newToken();
  await insertSession(deps.db, {
    idHash: hashSessionId(id, deps.config.SESSION_SECRET),
    ...owner,
    expiresAt,
  });
  res.cookie(cookie, id, {
    httpOnly: true,
    sameSite: 'lax',
    secure: deps.config.SECURE_COOKIES,
    path: '/',
    expires: expiresAt,
  });
}

export async function lookupSession(
  req: Pick<Request, 'headers'>,
  deps: { db: Db; config: Config },
  cookie: SessionCookie,
): Promise<SessionRow | undefined> {
  const id = readCookie(req, cookie);
  if (!id || id.length > 100) return undefined;
  return findLiveSession(deps.db, hashSessionId(id, deps.config.SESSION_SECRET));
}

/** Ends the session the request's cookie names, if any (server side only). */
export async function endSession(
  req: Pick<Request, 'headers'>,
  deps: { db: Db; config: Config },
  cookie: SessionCookie,
): Promise<void> {
  const id = readCookie(req, cookie);
  if (id) await deleteSession(deps.db, hashSessionId(id, deps.config.SESSION_SECRET));
}

/** Signs out: ends the session and clears its cookie. */
export async function closeSession(
  req: Pick<Request, 'headers'>,
  res: Response,
  deps: { db: Db; config: Config },
  cookie: SessionCookie,
) {
  await endSession(req, deps, cookie);
  res.clearCookie(cookie, { path: '/' });
}
