/**
 * Records what the candidate does for the interviewers' replay: events are buffered, cut into a
 * batch about every second (and when the page is hidden or closes), and sent one batch at a time
 * in order. A failed batch is retried with the same id, so the server stores it once; the server
 * refuses a batch that arrives before its predecessor, and the retry sorts that out too.
 */
import {
  type ClientEvent,
  clientEventSchema,
  EVENT_LIMITS,
  type EventBatch,
  type EventBatchResponse,
  eventTextLength,
} from '../../../server/contract/events.ts';
import { newId } from './ids.ts';

export type CapturedEvent = ClientEvent extends infer E
  ? E extends ClientEvent
    ? Omit<E, 'offsetMs'>
    : never
  : never;

export interface SendError {
  /** True when sending the same batch again later may succeed. */
  retryable: boolean;
}

export interface CaptureOptions {
  send: (batch: EventBatch, options: { keepalive: boolean }) => Promise<EventBatchResponse>;
  /** Whether a failed send is worth retrying (network, 5xx, a predecessor not yet stored). */
  isRetryable: (error: unknown) => boolean;
  intervalMs?: number;
  now?: () => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (timer: unknown) => void;
}

export interface Capture {
  record: (event: CapturedEvent) => void;
  /** Sends everything recorded so far; resolves true once the server holds it all. */
  flush: () => Promise<boolean>;
  /** Cuts what is buffered and sends it with `keepalive`, for a page that is going away. */
  flushOnExit: () => void;
  /** Events recorded but not yet acknowledged by the server. */
  pendingCount: () => number;
  stop: () => void;
}

/**
 * Batches stay well under the server's limits: a quarter of its text budget keeps even text that
 * JSON escapes six-fold (control characters) under the 3 MB body limit.
 */
const MAX_BATCH_TEXT = EVENT_LIMITS.maxTextPerBatch / 4;
const MAX_BATCH_EVENTS = EVENT_LIMITS.maxEventsPerBatch;
const MAX_BACKOFF_MS = 10_000;

export function createCapture(options: CaptureOptions): Capture {
  const {
    send,
    isRetryable,
    intervalMs = 1000,
    now = () => performance.now(),
    setTimer = (fn, ms) => setTimeout(fn, ms),
    clearTimer = (timer) => clearTimeout(timer as number),
  } = options;
  const captureId = newId();
  const startedAt = now();
  let buffer: ClientEvent[] = [];
  const outbox: EventBatch[] = [];
  let nextBatchNo = 0;
  let sending = false;
  let stopped = false;
  let backoffMs = 0;
  let timer: unknown = null;
  let waiters: Array<(ok: boolean) => void> = [];
  /** Events the server refused for good since the last flush settled. */
  let refused = 0;

  const settle = (ok: boolean) => {
    refused = 0;
    const done = waiters;
    waiters = [];
    for (const resolve of done) resolve(ok);
  };

  /** Moves the buffer into numbered batches, each within the server's limits. */
  const cut = () => {
    while (buffer.length > 0) {
      let text = 0;
      let count = 0;
      for (const event of buffer) {
        const size = eventTextLength(event);
        if (count > 0 && (count >= MAX_BATCH_EVENTS || text + size > MAX_BATCH_TEXT)) break;
        text += size;
        count += 1;
      }
      outbox.push({ batchId: newId(), captureId, batchNo: nextBatchNo++, events: buffer.slice(0, count) });
      buffer = buffer.slice(count);
    }
  };

  const schedule = (ms: number) => {
    if (stopped || timer !== null) return;
    timer = setTimer(() => {
      timer = null;
      cut();
      void pump();
    }, ms);
  };

  const pump = async (): Promise<void> => {
    if (sending) return;
    sending = true;
    try {
      while (outbox.length > 0) {
        const batch = outbox[0] as EventBatch;
        try {
          await send(batch, { keepalive: false });
          // By identity: a keepalive send on hiding the page may have removed it already.
          const index = outbox.indexOf(batch);
          if (index >= 0) outbox.splice(index, 1);
          backoffMs = 0;
        } catch (error) {
          if (!isRetryable(error)) {
            // Refused for good (its challenge was submitted, time is up): sending it again cannot
            // help, and the batches after it may still be taken.
            const index = outbox.indexOf(batch);
            if (index >= 0) outbox.splice(index, 1);
            refused += batch.events.length;
            // Its number was never stored, so no later one was either: they move down one.
            for (const later of outbox) if (later.batchNo > batch.batchNo) later.batchNo -= 1;
            nextBatchNo -= 1;
            continue;
          }
          backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs === 0 ? 500 : backoffMs * 2);
          settle(false);
          schedule(backoffMs);
          return;
        }
      }
      if (buffer.length === 0) settle(refused === 0);
    } finally {
      sending = false;
    }
  };

  return {
    record(event) {
      if (stopped) return;
      // An event the server would refuse (a paste past the size limit) is left out on its own,
      // rather than costing the whole batch it would travel in.
      const checked = clientEventSchema.safeParse({
        ...event,
        offsetMs: Math.max(0, Math.round(now() - startedAt)),
      });
      if (!checked.success) return;
      buffer.push(checked.data);
      schedule(intervalMs);
    },
    flush() {
      if (stopped) return Promise.resolve(buffer.length === 0 && outbox.length === 0);
      cut();
      if (outbox.length === 0 && !sending) return Promise.resolve(true);
      const done = new Promise<boolean>((resolve) => waiters.push(resolve));
      void pump();
      return done;
    },
    flushOnExit() {
      if (stopped) return;
      cut();
      // The batch in flight may still land; the rest go out with keepalive, in order, and the
      // server refuses (and the next page load never resends) only one that overtakes its predecessor.
      for (const batch of sending ? outbox.slice(1) : outbox) {
        send(batch, { keepalive: true }).then(
          () => {
            const index = outbox.indexOf(batch);
            if (index >= 0) outbox.splice(index, 1);
          },
          () => {},
        );
      }
    },
    pendingCount: () => buffer.length + outbox.reduce((n, b) => n + b.events.length, 0),
    stop() {
      stopped = true;
      if (timer !== null) clearTimer(timer);
      timer = null;
    },
  };
}
