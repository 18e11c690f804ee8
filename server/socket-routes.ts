import { type CollabServer, collabSocketRoute } from './collab/server.ts';
import type { AppDeps } from './deps.ts';
import { recordTerminalInto } from './live/host.ts';
import { terminalSocketRoutes } from './live/terminal.ts';
import type { LogLine } from './logging.ts';
import type { SocketRoute } from './sockets.ts';

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
        environments: deps.live.environments,
        record: recordTerminalInto(deps.db),
        log,
      })
    : { routes: [], close: () => {} };
  return {
    routes: [documents.route, ...terminals.routes],
    close() {
      documents.close();
      terminals.close();
    },
  };
}
