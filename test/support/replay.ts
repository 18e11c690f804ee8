import { randomUUID } from 'node:crypto';
import type { ClientEvent } from '../../server/contract/events.ts';

/** Builds a candidate page's batches the way the capture module does: one capture, numbered batches. */
export function captureOf(challengeSlug: string) {
  const captureId = randomUUID();
  let batchNo = 0;
  let offsetMs = 0;
  return {
    captureId,
    event<K extends ClientEvent['kind']>(kind: K, payload: Extract<ClientEvent, { kind: K }>['payload']) {
      offsetMs += 10;
      return { offsetMs, challengeSlug, kind, payload } as ClientEvent;
    },
    batch(events: ClientEvent[]) {
      return { batchId: randomUUID(), captureId, batchNo: batchNo++, events };
    },
  };
}

/** An edit event's payload that inserts `text` at `offset` of `path`. */
export const insert = (path: string, offset: number, text: string) => ({
  path,
  changes: [{ offset, length: 0, text }],
});
