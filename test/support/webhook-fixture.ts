import { WEBHOOK_EVENT_TYPES } from '../../server/contract/webhooks.ts';
import type { AppDeps } from '../../server/deps.ts';
import { createWebhookEndpoint, pingWebhookEndpoint } from '../../server/webhooks/manage.ts';
import type { TestOrganisation } from './factories.ts';

/** A public address (TEST-NET-3) nothing listens on: endpoints accept it, no test delivers to it. */
export const UNREACHED_WEBHOOK_URL = 'https://203.0.113.10/hook';

/**
 * Organisation 1's webhooks for the matrix: an endpoint with one delivery (a ping) to read and
 * redeliver, and a second endpoint for the delete route (deleting the first would spoil the rest).
 */
export async function createWebhookFixture(deps: AppDeps, org: TestOrganisation) {
  const actor = { organisationId: org.organisationId, actorId: org.manager.id, ip: '127.0.0.1' };
  const request = {
    url: UNREACHED_WEBHOOK_URL,
    description: 'Matrix ORG1',
    eventTypes: [...WEBHOOK_EVENT_TYPES],
  };
  const { endpoint } = await createWebhookEndpoint(deps, actor, request);
  const deletable = await createWebhookEndpoint(deps, actor, request);
  const eventId = await pingWebhookEndpoint(deps, actor, endpoint.id);
  const { rows } = await deps.db.query<{ id: string }>(
    'select id from webhook_deliveries where event_id = $1',
    [eventId],
  );
  const deliveryId = rows[0]?.id;
  if (!deliveryId) throw new Error('the ping has no delivery');
  return { endpointId: endpoint.id, deliveryId, deletableId: deletable.endpoint.id };
}
