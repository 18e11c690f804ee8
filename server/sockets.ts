import { type IncomingMessage, type Server, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { HttpError } from './errors.ts';
import type { LogLine } from './logging.ts';

/** One WebSocket endpoint: its path, and what authenticates and serves an upgrade to it. */
export interface SocketRoute {
  /** How the authorization matrix names it: `WS /api/collab`. */
  name: string;
  path: RegExp;
  /** Authenticates (throwing an HttpError to refuse) and completes the upgrade. */
  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer, match: RegExpExecArray): Promise<void>;
  /**
   * Whether the session that opened the socket still stands, asked every `SESSION_RECHECK_MS` for
   * as long as it is open: a staff member deactivated (or signed out) loses the socket too.
   */
  stillAllowed?(req: IncomingMessage): Promise<boolean>;
}

/** How often an open socket's session is checked again. */
export const SESSION_RECHECK_MS = 10_000;

/** Ends the connection once its session no longer stands (checked every `everyMs`). */
function watchSession(
  req: IncomingMessage,
  socket: Duplex,
  stillAllowed: (req: IncomingMessage) => Promise<boolean>,
  everyMs: number,
  log: LogLine,
): void {
  const timer = setInterval(() => {
    stillAllowed(req).then(
      (allowed) => {
        if (allowed || socket.destroyed) return;
        log('socket closed: its session ended');
        socket.destroy();
      },
      (error: unknown) => log(`socket session check failed: ${String(error)}`),
    );
  }, everyMs);
  timer.unref();
  socket.once('close', () => clearInterval(timer));
}

/** Answers an upgrade with a plain HTTP error the page can read, and closes the connection. */
export function refuseUpgrade(socket: Duplex, status: number, message: string, id = 'socket_refused'): void {
  const body = JSON.stringify({ error: { id, message } });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\n` +
      `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/** A page of another site may not open a socket with the visitor's cookie. */
export function sameOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (!origin || !req.headers.host) return false;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

/**
 * Owns the HTTP server's upgrades: each goes to the route whose path matches, from Gauntlet's own
 * pages only; any other path is refused with 404. Returns the function that stops serving them.
 */
export function attachSockets(
  server: Server,
  routes: readonly SocketRoute[],
  log: LogLine = () => {},
  recheckMs = SESSION_RECHECK_MS,
): () => void {
  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    for (const route of routes) {
      const match = route.path.exec(req.url ?? '');
      if (!match) continue;
      if (!sameOrigin(req))
        return refuseUpgrade(socket, 403, 'Sockets open only from Gauntlet’s own pages.', 'forbidden');
      void route
        .upgrade(req, socket, head, match)
        .then(() => {
          if (route.stillAllowed && !socket.destroyed)
            watchSession(req, socket, route.stillAllowed, recheckMs, log);
        })
        .catch((error: unknown) => {
          if (error instanceof HttpError) refuseUpgrade(socket, error.status, error.message, error.id);
          else {
            log(`socket upgrade failed: ${String(error)}`);
            socket.destroy();
          }
        });
      return;
    }
    refuseUpgrade(socket, 404, 'No such WebSocket.', 'no_such_route');
  };
  server.on('upgrade', onUpgrade);
  return () => server.off('upgrade', onUpgrade);
}
