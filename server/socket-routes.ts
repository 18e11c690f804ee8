import type { IncomingMessage } from 'node:http';
import type { Request } from 'express';
import { requireCandidate, requireStaff } from './auth/guards.ts';
import { CANDIDATE_COOKIE, readCookie, STAFF_COOKIE } from './auth/sessions.ts';
import { type CollabServer, collabSocketRoute } from './collab/server.ts';
import type { AppDeps } from './deps.ts';
import { HttpError } from './errors.ts';
import { recordTerminalInto } from './live/host.ts';
import { terminalSocketRoutes } from './live/terminal.ts';
import type { LogLine } from './logging.ts';
import { practiceSocketRoutes } from './practice/sockets.ts';
import type { SocketRoute } from './sockets.ts';

/**
 * Whether the session a socket was opened with still stands: the staff member is still signed in
 * and active, the candidate's session still open. A refusal (401) says no; the database failing
 * to answer says nothing (the socket stays, and the next check asks again).
 */
function sessionStands(deps: AppDeps) {
  return async (req: IncomingMessage): Promise<boolean> => {
    const check = readCookie(req, STAFF_COOKIE)
      ? requireStaff(req as Request, deps)
      : readCookie(req, CANDIDATE_COOKIE)
        ? requireCandidate(req, deps)
        : null;
    if (!check) return true;
    return check.then(
      () => true,
      (error: unknown) => {
        if (error instanceof HttpError) return false;
        throw error;
      },
    );
  };
}

/**
 * Every WebSocket the API serves: the shared documents of live interviews, and, where this server
 * hosts live environments, the terminals. main.ts serves exactly these; the authorization matrix
 * reads their names and fails on one without a rule.
 */
export function socketRoutes(
  deps: AppDeps,
  collab: CollabServer,
  log: LogLine = () => {},
): { routes: SocketRoute[]; close: () => void } {
  const documents = collabSocketRoute(deps, collab);
  const terminals = deps.live
    ? terminalSocketRoutes({
        db: deps.db,
        config: deps.config,
        live: deps.live,
        record: recordTerminalInto(deps.db),
        log,
      })
    : { routes: [], close: () => {} };
  const practice = practiceSocketRoutes({ db: deps.db, config: deps.config, practice: deps.practice, log });
  return {
    routes: [documents.route, ...terminals.routes, ...practice.routes].map((route) => ({
      ...route,
      stillAllowed: sessionStands(deps),
    })),
    close() {
      documents.close();
      terminals.close();
      practice.close();
    },
  };
}
