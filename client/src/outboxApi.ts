import { type OutboxPage, outboxPageSchema } from '../../server/contract/outbox.ts';
import { call } from './api.ts';

/** A page of the organisation's outbox, newest first; `before` a message's id for older ones. */
export async function listOutbox(before?: string): Promise<OutboxPage> {
  const query = before ? `?before=${encodeURIComponent(before)}` : '';
  return call('GET', `/api/staff/outbox${query}`, outboxPageSchema);
}
