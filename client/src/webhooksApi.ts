import { z } from 'zod';
import {
  type CreateWebhookRequest,
  createdWebhookSchema,
  createWebhookRequestSchema,
  type DeliveryPage,
  deliveryPageSchema,
  type WebhookEndpoint,
  webhookEndpointSchema,
  webhookListSchema,
} from '../../server/contract/webhooks.ts';
import { call, parseRequest, staffPath } from './api.ts';

const anything = z.unknown();

/** The organisation's webhook endpoints, newest first, without their secrets. */
export async function listWebhooks(): Promise<WebhookEndpoint[]> {
  return (await call('GET', staffPath('webhooks'), webhookListSchema)).endpoints;
}

/** Creates an endpoint; the answer carries its signing secret, shown this once. */
export async function createWebhook(input: CreateWebhookRequest) {
  return call(
    'POST',
    staffPath('webhooks'),
    createdWebhookSchema,
    parseRequest(createWebhookRequestSchema, input),
  );
}

export async function setWebhookEnabled(id: string, enabled: boolean): Promise<WebhookEndpoint> {
  const answer = z.object({ endpoint: webhookEndpointSchema });
  return (await call('PATCH', staffPath('webhooks', id), answer, { enabled })).endpoint;
}

export async function deleteWebhook(id: string): Promise<void> {
  await call('DELETE', staffPath('webhooks', id), anything);
}

/** Sends a `webhook.ping` event to the endpoint. */
export async function pingWebhook(id: string): Promise<void> {
  await call('POST', staffPath('webhooks', id, 'ping'), anything);
}

/** A page of the endpoint's deliveries, newest first; `before` a delivery's id for older ones. */
export async function listDeliveries(id: string, before?: string): Promise<DeliveryPage> {
  const query = before ? `?before=${encodeURIComponent(before)}` : '';
  return call('GET', `${staffPath('webhooks', id, 'deliveries')}${query}`, deliveryPageSchema);
}

/** Sends the delivery's event again, with the same webhook-id. */
export async function redeliver(id: string, deliveryId: string): Promise<void> {
  await call('POST', staffPath('webhooks', id, 'deliveries', deliveryId, 'redeliver'), anything);
}
