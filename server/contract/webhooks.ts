/**
 * Webhooks as a hiring manager manages them (/api/staff/webhooks) and as a receiver reads them.
 * Imports nothing but zod, so the client can share it.
 */
import { z } from 'zod';

/** The domain events an endpoint may subscribe to; `webhook.ping` is only ever sent on request. */
export const WEBHOOK_EVENT_TYPES = [
  'invitation.created',
  'attempt.started',
  'attempt.submitted',
  'attempt.graded',
  'review.submitted',
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];
export const WEBHOOK_PING = 'webhook.ping';

export const WEBHOOK_DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;

/** The version of the payload's shape, sent as `version`: a breaking change gets a new number. */
export const WEBHOOK_PAYLOAD_VERSION = 1;

export const createWebhookRequestSchema = z.strictObject({
  url: z.string().min(8, 'must be an http:// or https:// URL').max(2000, 'must be at most 2000 characters'),
  description: z.string().max(500, 'must be at most 500 characters').default(''),
  eventTypes: z
    .array(z.enum(WEBHOOK_EVENT_TYPES))
    .min(1, 'subscribe to at least one event type')
    .max(WEBHOOK_EVENT_TYPES.length)
    .refine((types) => new Set(types).size === types.length, 'lists an event type twice'),
});
export type CreateWebhookRequest = z.infer<typeof createWebhookRequestSchema>;

export const updateWebhookRequestSchema = z.strictObject({ enabled: z.boolean() });

export const webhookEndpointSchema = z.object({
  id: z.string(),
  url: z.string(),
  description: z.string(),
  eventTypes: z.array(z.enum(WEBHOOK_EVENT_TYPES)),
  enabled: z.boolean(),
  createdAt: z.string(),
});
export type WebhookEndpoint = z.infer<typeof webhookEndpointSchema>;

export const webhookListSchema = z.object({ endpoints: z.array(webhookEndpointSchema) });

/** The answer to creating an endpoint: the only time its signing secret is shown. */
export const createdWebhookSchema = z.object({ endpoint: webhookEndpointSchema, secret: z.string() });

export const deliveryQuerySchema = z.strictObject({
  limit: z.coerce.number().int().min(1, 'must be at least 1').max(200, 'must be at most 200').default(50),
  /** A delivery's id: only older deliveries are listed (the next page). */
  before: z.uuid('must be a delivery id').optional(),
});

export const webhookDeliverySchema = z.object({
  id: z.string(),
  /** The event's id, sent as webhook-id: the same for every try and every redelivery. */
  eventId: z.string(),
  type: z.string(),
  manual: z.boolean(),
  status: z.enum(WEBHOOK_DELIVERY_STATUSES),
  attempts: z.number(),
  lastStatusCode: z.number().nullable(),
  /** The start of the receiver's last answer (at most 2 KiB). */
  responseExcerpt: z.string().nullable(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  lastAttemptAt: z.string().nullable(),
  nextAttemptAt: z.string().nullable(),
  deliveredAt: z.string().nullable(),
});
export type WebhookDelivery = z.infer<typeof webhookDeliverySchema>;

export const deliveryPageSchema = z.object({
  deliveries: z.array(webhookDeliverySchema),
  /** Pass as `before` for the next (older) page; null when this page is the last. */
  nextBefore: z.string().nullable(),
});
export type DeliveryPage = z.infer<typeof deliveryPageSchema>;
