/**
 * One HTTP try of a webhook: POST the signed JSON body, bounded in time and in what is read back.
 * Redirects are not followed (a 3xx is a failed try), so a receiver cannot bounce the request to
 * an address the target checks refused.
 */
import http from 'node:http';
import https from 'node:https';
import { Webhook } from 'standardwebhooks';
import type { TryOutcome } from './deliveries.ts';
import { guardedLookup, literalRefusal } from './targets.ts';

/** The receiver's answer is kept up to this many bytes (the delivery log shows it). */
export const RESPONSE_EXCERPT_BYTES = 2048;

export interface SignedRequest {
  url: string;
  /** The Standard Webhooks key, whsec_... */
  secret: string;
  /** webhook-id: the event's id, the same on every try and redelivery. */
  eventId: string;
  body: string;
  timestamp: Date;
}

/** The three Standard Webhooks headers for a body. */
export function signatureHeaders(request: Omit<SignedRequest, 'url'>): Record<string, string> {
  return {
    'webhook-id': request.eventId,
    'webhook-timestamp': String(Math.floor(request.timestamp.getTime() / 1000)),
    'webhook-signature': new Webhook(request.secret).sign(request.eventId, request.timestamp, request.body),
  };
}

/** Sends one try; never throws: a refused target, a timeout or a refused connection is an outcome. */
export function sendSigned(
  request: SignedRequest,
  options: { timeoutMs: number; allowPrivate: boolean },
): Promise<TryOutcome & { ok: boolean }> {
  const failed = (error: string) => ({ ok: false, statusCode: null, responseExcerpt: null, error });
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    return Promise.resolve(failed('the URL is not valid'));
  }
  const refusal = literalRefusal(url, options.allowPrivate);
  if (refusal) return Promise.resolve(failed(`refused target: ${refusal}`));
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve) => {
    const req = client.request(
      url,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Gauntlet-Webhooks/1',
          ...signatureHeaders(request),
        },
        lookup: guardedLookup(options.allowPrivate),
        signal: AbortSignal.timeout(options.timeoutMs),
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const finish = () => {
          const statusCode = res.statusCode ?? 0;
          const excerpt = Buffer.concat(chunks).subarray(0, RESPONSE_EXCERPT_BYTES).toString('utf8');
          const ok = statusCode >= 200 && statusCode < 300;
          resolve({
            ok,
            statusCode,
            responseExcerpt: excerpt,
            error: ok ? null : `the receiver answered ${statusCode}`,
          });
        };
        res.on('data', (chunk: Buffer) => {
          if (size < RESPONSE_EXCERPT_BYTES) chunks.push(chunk);
          size += chunk.length;
          // Enough read: the rest of a large answer is not waited for.
          if (size >= RESPONSE_EXCERPT_BYTES) {
            finish();
            res.destroy();
          }
        });
        res.on('end', finish);
        res.on('error', finish);
      },
    );
    req.on('error', (error) =>
      resolve(
        failed(
          error.name === 'TimeoutError' || error.name === 'AbortError'
            ? `no answer within ${options.timeoutMs} ms`
            : error.message,
        ),
      ),
    );
    req.end(request.body);
  });
}
