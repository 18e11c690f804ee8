/**
 * A customer's webhook receiver on loopback (node:http): verifies each request's signature with
 * the standardwebhooks library as a customer would, dedupes by webhook-id, and can be made to fail
 * (answer 500, hang) or go down and come back on the same port.
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface Received {
  id: string;
  type: string;
  headers: IncomingHttpHeaders;
  body: string;
  // biome-ignore lint/suspicious/noExplicitAny: tests read the payload field by field and assert on them
  payload: any;
  /** The signature verified with the endpoint's secret (false: no secret known, or it failed). */
  verified: boolean;
  /** What the receiver answered. */
  answered: number;
}

export type ReceiverMode = 'ok' | 'fail' | 'hang';

export function webhookReceiver() {
  let server: Server | undefined;
  let port = 0;
  const secrets = new Set<string>();
  const state = {
    mode: 'ok' as ReceiverMode,
    /** Every request that arrived, in order. */
    requests: [] as Received[],
    /** How many times each webhook-id was answered with a 2xx (a receiver's dedupe table). */
    acknowledged: new Map<string, number>(),
  };
  const verify = (body: string, headers: IncomingHttpHeaders) =>
    [...secrets].some((secret) => {
      try {
        new Webhook(secret).verify(body, {
          'webhook-id': String(headers['webhook-id']),
          'webhook-timestamp': String(headers['webhook-timestamp']),
          'webhook-signature': String(headers['webhook-signature']),
        });
        return true;
      } catch {
        return false;
      }
    });

  const start = () =>
    new Promise<number>((resolve) => {
      const fresh = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          const body = Buffer.concat(chunks).toString('utf8');
          const id = String(req.headers['webhook-id']);
          let payload: unknown = null;
          try {
            payload = JSON.parse(body);
          } catch {}
          const answered = state.mode === 'ok' ? 200 : 500;
          state.requests.push({
            id,
            type: (payload as { type?: string } | null)?.type ?? '',
            headers: req.headers,
            body,
            payload,
            verified: verify(body, req.headers),
            answered,
          });
          if (state.mode === 'hang') return;
          if (answered === 200) state.acknowledged.set(id, (state.acknowledged.get(id) ?? 0) + 1);
          res
            .writeHead(answered, { 'content-type': 'text/plain' })
            .end(answered === 200 ? 'thanks' : 'receiver broken');
        });
      });
      server = fresh;
      fresh.listen(port, '127.0.0.1', () => {
        port = (fresh.address() as AddressInfo).port;
        resolve(port);
      });
    });

  const stop = () =>
    new Promise<void>((resolve) => {
      if (!server) return resolve();
      server.closeAllConnections();
      server.close(() => resolve());
      server = undefined;
    });

  return {
    state,
    /** Listens (on the same port as before, after the first time). */
    start,
    /** Goes down: connections are refused until start() again. */
    stop,
    trust: (secret: string) => secrets.add(secret),
    url: (path = '/hook') => `http://127.0.0.1:${port}${path}`,
    of: (type: string) => state.requests.filter((r) => r.type === type),
  };
}

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | false> | T | undefined | false,
  ms = 30_000,
): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
