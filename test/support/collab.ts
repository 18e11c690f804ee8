import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { documentName, FILES_MAP } from '../../server/contract/interview.ts';

/**
 * One participant's copy of a challenge's shared document, over the real socket: a Node Hocuspocus
 * provider sending the participant's cookie from Gauntlet's own origin, as their browser would.
 */
export async function joinDocument(options: {
  baseUrl: string;
  cookie: string;
  query: string;
  attemptId: string;
  slug: string;
}): Promise<{
  doc: Y.Doc;
  provider: HocuspocusProvider;
  socket: HocuspocusProviderWebsocket;
  text(path: string): Y.Text;
  files(): Record<string, string>;
  denied: Promise<string>;
  close(): void;
}> {
  const { baseUrl, cookie } = options;
  class CookieSocket extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers: { cookie, origin: baseUrl } });
      // A refused upgrade is what some tests expect; the provider hears of it through 'close'.
      this.on('error', () => {});
    }
  }
  const socket = new HocuspocusProviderWebsocket({
    url: `${baseUrl.replace(/^http/, 'ws')}/api/collab?${options.query}`,
    WebSocketPolyfill: CookieSocket,
    maxAttempts: 1,
  });
  const doc = new Y.Doc();
  let deny: (reason: string) => void = () => {};
  const denied = new Promise<string>((resolve) => {
    deny = resolve;
  });
  const provider = new HocuspocusProvider({
    websocketProvider: socket,
    name: documentName(options.attemptId, options.slug),
    document: doc,
    token: 'cookie',
    onAuthenticationFailed: ({ reason }) => deny(reason),
  });
  provider.attach();
  const files = doc.getMap<Y.Text>(FILES_MAP);
  return {
    doc,
    provider,
    socket,
    denied,
    text(path) {
      const text = files.get(path);
      if (!text) throw new Error(`no shared file ${path}`);
      return text;
    },
    files: () => Object.fromEntries([...files.entries()].map(([path, text]) => [path, text.toString()])),
    close() {
      provider.destroy();
      socket.destroy();
    },
  };
}

/** Resolves once `check` holds, polling; fails with `what` after `timeoutMs`. */
export async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000) {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** The HTTP status a WebSocket upgrade to `path` is answered with (101 when it is accepted). */
export function upgradeStatus(
  baseUrl: string,
  path: string,
  headers: Record<string, string>,
): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const socket = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}${path}`, { headers });
    socket.on('open', () => {
      socket.close();
      resolve(101);
    });
    socket.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      res.resume();
      socket.terminate();
    });
    socket.on('error', (error) => reject(error));
  }).catch(() => 0);
}

/** The answer to a WebSocket upgrade: its status (101 when accepted) and, when refused, the error id. */
export function upgradeAnswer(
  baseUrl: string,
  path: string,
  headers: Record<string, string>,
): Promise<{ status: number; errorId: string | undefined }> {
  return new Promise((resolve) => {
    const socket = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}${path}`, { headers });
    socket.on('open', () => {
      socket.close();
      resolve({ status: 101, errorId: undefined });
    });
    socket.on('unexpected-response', (_req, res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => {
        text += chunk.toString();
      });
      res.on('end', () => {
        let errorId: string | undefined;
        try {
          errorId = JSON.parse(text).error?.id;
        } catch {
          errorId = undefined;
        }
        resolve({ status: res.statusCode ?? 0, errorId });
        socket.terminate();
      });
    });
    socket.on('error', () => resolve({ status: 0, errorId: 'connection_error' }));
  });
}
