/**
 * What a hiring manager does with their organisation's webhook endpoints: create one (its signing
 * secret is returned this once and stored sealed), enable or disable it, delete it, ping it, and
 * redeliver an event. Each is audited in the transaction of the change.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { type Config, secretsKeyOf } from '../config.ts';
import { type CreateWebhookRequest, WEBHOOK_PING } from '../contract/webhooks.ts';
import type { Db } from '../db/pool.ts';
import { notFound } from '../errors.ts';
import { type AuditActor, audited } from '../security/audit.ts';
import { createSecretBox } from '../security/secrets.ts';
import { findDelivery, insertEvent, insertRedelivery } from './deliveries.ts';
import {
  deleteEndpoint,
  type EndpointRow,
  findEndpoint,
  insertEndpoint,
  setEndpointEnabled,
} from './endpoints.ts';
import { checkTargetUrl } from './targets.ts';

interface Deps {
  db: Db;
  config: Config;
}

const target = (id: string) => ({ type: 'webhook_endpoint' as const, id });

/** A Standard Webhooks key: `whsec_` and 32 random bytes in base64. */
const newSigningSecret = () => `whsec_${randomBytes(32).toString('base64')}`;

export async function createWebhookEndpoint(
  deps: Deps,
  actor: AuditActor,
  request: CreateWebhookRequest,
): Promise<{ endpoint: EndpointRow; secret: string }> {
  const url = await checkTargetUrl(request.url, deps.config.WEBHOOK_ALLOW_PRIVATE_TARGETS);
  const id = randomUUID();
  const secret = newSigningSecret();
  const endpoint = await audited(deps.db, actor, async (client) => {
    const row = await insertEndpoint(client, {
      id,
      organisationId: actor.organisationId,
      url: url.href,
      description: request.description,
      eventTypes: request.eventTypes,
      secretSealed: createSecretBox(secretsKeyOf(deps.config)).seal(secret, `webhook:${id}`),
      createdBy: actor.actorId,
    });
    return {
      result: row,
      audit: {
        action: 'webhook.create',
        target: target(id),
        details: { url: url.href, eventTypes: request.eventTypes },
      },
    };
  });
  return { endpoint, secret };
}

/** The organisation's endpoint, or 404 (another organisation's is not found either). */
export async function requireEndpoint(deps: Deps, organisationId: string, id: string, withDeleted = false) {
  const endpoint = await findEndpoint(deps.db, organisationId, id, withDeleted);
  if (!endpoint) throw notFound('The webhook endpoint');
  return endpoint;
}

export async function updateWebhookEndpoint(deps: Deps, actor: AuditActor, id: string, enabled: boolean) {
  await requireEndpoint(deps, actor.organisationId, id);
  await audited(deps.db, actor, async (client) => {
    await setEndpointEnabled(client, id, enabled);
    return {
      result: undefined,
      audit: { action: 'webhook.update', target: target(id), details: { enabled } },
    };
  });
}

/** Deleting a deleted endpoint again changes nothing (and is no error): the outcome is the same. */
export async function deleteWebhookEndpoint(deps: Deps, actor: AuditActor, id: string) {
  const endpoint = await requireEndpoint(deps, actor.organisationId, id, true);
  if (endpoint.deletedAt) return;
  await audited(deps.db, actor, async (client) => {
    await deleteEndpoint(client, id);
    return { result: undefined, audit: { action: 'webhook.delete', target: target(id) } };
  });
}

/** A `webhook.ping` event for this endpoint only; returns its id (the webhook-id it is sent with). */
export async function pingWebhookEndpoint(deps: Deps, actor: AuditActor, id: string): Promise<string> {
  const endpoint = await requireEndpoint(deps, actor.organisationId, id);
  return audited(deps.db, actor, async (client) => {
    const eventId = await insertEvent(client, {
      organisationId: actor.organisationId,
      type: WEBHOOK_PING,
      subjectId: randomUUID(),
      data: { endpoint: { id: endpoint.id, url: endpoint.url }, links: { webhooks: '/staff/webhooks' } },
      onlyEndpoint: endpoint.id,
    });
    if (!eventId) throw new Error('a fresh ping was already stored');
    return { result: eventId, audit: { action: 'webhook.ping', target: target(id), details: { eventId } } };
  });
}

/** A new delivery of a delivery's event to the same endpoint, sent with the same webhook-id. */
export async function redeliverWebhook(
  deps: Deps,
  actor: AuditActor,
  endpointId: string,
  deliveryId: string,
) {
  await requireEndpoint(deps, actor.organisationId, endpointId);
  const delivery = await findDelivery(deps.db, endpointId, deliveryId);
  if (!delivery) throw notFound('The delivery');
  return audited(deps.db, actor, async (client) => {
    const id = await insertRedelivery(client, deliveryId);
    return {
      result: id,
      audit: {
        action: 'webhook.redeliver',
        target: target(endpointId),
        details: { eventId: delivery.eventId, deliveryId: id },
      },
    };
  });
}
