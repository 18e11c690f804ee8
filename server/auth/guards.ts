import type { Request } from 'express';
import type { Config } from '../config.ts';
import type { Db } from '../db/pool.ts';
import { unauthenticated } from '../errors.ts';
import { findStaffById, type StaffUserRow } from '../queries/staff.ts';
import { CANDIDATE_COOKIE, lookupSession, STAFF_COOKIE } from './sessions.ts';

/** The signed-in staff member, or 401. Every staff query is then scoped to their organisation. */
export async function requireStaff(req: Request, deps: { db: Db; config: Config }): Promise<StaffUserRow> {
  const session = await lookupSession(req, deps, STAFF_COOKIE);
  const user = session?.staffUserId ? await findStaffById(deps.db, session.staffUserId) : undefined;
  // A deactivated member's sessions are deleted at once; refusing them here too closes any race.
  if (!user || user.deactivatedAt) throw unauthenticated();
  return user;
}

/** The one attempt this candidate's session was opened for, or 401: the invitation link reaches nothing else. */
export async function requireCandidate(
  req: Pick<Request, 'headers'>,
  deps: { db: Db; config: Config },
): Promise<string> {
  const session = await lookupSession(req, deps, CANDIDATE_COOKIE);
  if (!session?.attemptId) throw unauthenticated('Open your invitation link again to continue.');
  return session.attemptId;
}
