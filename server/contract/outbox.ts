/**
 * The outbox of email, as a hiring manager reads it (GET /api/staff/outbox). Imports nothing but
 * zod, so the client can share it.
 */
import { z } from 'zod';

export const MAIL_KINDS = ['invitation', 'reminder', 'submitted', 'graded', 'feedback'] as const;
export const OUTBOX_STATUSES = ['queued', 'sent', 'failed', 'held'] as const;

export const outboxQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1, 'must be at least 1').max(200, 'must be at most 200').default(50),
  /** A message's id: only older messages are listed (the next page). */
  before: z.uuid('must be a message id').optional(),
});
export type OutboxQuery = z.infer<typeof outboxQuerySchema>;

export const outboxMessageSchema = z.object({
  id: z.string(),
  at: z.string(),
  to: z.string(),
  kind: z.enum(MAIL_KINDS),
  subject: z.string(),
  status: z.enum(OUTBOX_STATUSES),
  attempts: z.number(),
  lastError: z.string().nullable(),
  sentAt: z.string().nullable(),
  /** The plain text version, what the recipient reads. */
  text: z.string(),
});
export type OutboxMessage = z.infer<typeof outboxMessageSchema>;

export const outboxPageSchema = z.object({
  messages: z.array(outboxMessageSchema),
  /** Pass as `before` for the next (older) page; null when this page is the last. */
  nextBefore: z.string().nullable(),
});
export type OutboxPage = z.infer<typeof outboxPageSchema>;
