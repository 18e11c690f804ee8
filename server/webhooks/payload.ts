/**
 * The body a receiver gets (payload version 1, documented in README's "Webhooks"):
 *
 *   { "id": webhook-id, "type": "attempt.submitted", "version": 1, "timestamp": ISO time of the
 *     event, "data": { ...ids, times, and "links" to the staff pages } }
 *
 * Only ids, names, times and links: never a check's result, a hidden check, a reference solution or
 * a file's content. Links are stored as paths and made absolute with PUBLIC_URL when sent.
 */
import { WEBHOOK_PAYLOAD_VERSION } from '../contract/webhooks.ts';

export interface StoredEvent {
  eventId: string;
  type: string;
  data: Record<string, unknown>;
  eventAt: Date;
}

function absoluteLinks(data: Record<string, unknown>, publicUrl: string | undefined) {
  const links = data.links;
  if (!links || typeof links !== 'object') return data;
  const base = (publicUrl ?? '').replace(/\/+$/, '');
  const absolute = Object.fromEntries(
    Object.entries(links).map(([name, path]) => [name, `${base}${String(path)}`]),
  );
  return { ...data, links: absolute };
}

/** The JSON text sent (and signed): the same for every try of an event. */
export function webhookBody(event: StoredEvent, publicUrl: string | undefined): string {
  return JSON.stringify({
    id: event.eventId,
    type: event.type,
    version: WEBHOOK_PAYLOAD_VERSION,
    timestamp: event.eventAt.toISOString(),
    data: absoluteLinks(event.data, publicUrl),
  });
}
