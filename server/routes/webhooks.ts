import { Router } from 'express';
import { idParam, requireManager } from '../auth/roles.ts';
import {
  createWebhookRequestSchema,
  type DeliveryPage,
  deliveryQuerySchema,
  updateWebhookRequestSchema,
  type WebhookEndpoint,
} from '../contract/webhooks.ts';
import type { AppDeps } from '../deps.ts';
import { auditActor } from '../security/audit.ts';
import { type DeliveryLogRow, listDeliveries } from '../webhooks/deliveries.ts';
import type { EndpointRow } from '../webhooks/endpoints.ts';
import { listEndpoints } from '../webhooks/endpoints.ts';
import {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  pingWebhookEndpoint,
  redeliverWebhook,
  requireEndpoint,
  updateWebhookEndpoint,
} from '../webhooks/manage.ts';

/** Never the sealed secret: it was shown once, at creation. */
const presentEndpoint = (row: EndpointRow): WebhookEndpoint => ({
  id: row.id,
  url: row.url,
  description: row.description,
  eventTypes: row.eventTypes,
  enabled: row.enabled,
  createdAt: row.createdAt.toISOString(),
});

const presentDelivery = (row: DeliveryLogRow): DeliveryPage['deliveries'][number] => ({
  id: row.id,
  eventId: row.eventId,
  type: row.type,
  manual: row.manual,
  status: row.status,
  attempts: row.attempts,
  lastStatusCode: row.lastStatusCode,
  responseExcerpt: row.responseExcerpt,
  lastError: row.lastError,
  createdAt: row.createdAt.toISOString(),
  lastAttemptAt: row.lastAttemptAt?.toISOString() ?? null,
  nextAttemptAt: row.status === 'pending' ? row.nextAttemptAt.toISOString() : null,
  deliveredAt: row.deliveredAt?.toISOString() ?? null,
});

/** Webhook endpoints and their delivery logs: hiring managers only, their own organisation's. */
export function webhookRoutes(deps: AppDeps): Router {
  const router = Router();
  const manager = (req: Parameters<typeof requireManager>[0]) => requireManager(req, deps, 'manage webhooks');

  router.get('/webhooks', async (req, res) => {
    const user = await manager(req);
    res.json({ endpoints: (await listEndpoints(deps.db, user.organisationId)).map(presentEndpoint) });
  });

  router.post('/webhooks', async (req, res) => {
    const user = await manager(req);
    const body = createWebhookRequestSchema.parse(req.body);
    const created = await createWebhookEndpoint(deps, auditActor(req, user), body);
    res.status(201).json({ endpoint: presentEndpoint(created.endpoint), secret: created.secret });
  });

  router.patch('/webhooks/:id', async (req, res) => {
    const user = await manager(req);
    const id = idParam(req.params.id, 'The webhook endpoint');
    const body = updateWebhookRequestSchema.parse(req.body);
    await updateWebhookEndpoint(deps, auditActor(req, user), id, body.enabled);
    res.json({ endpoint: presentEndpoint(await requireEndpoint(deps, user.organisationId, id)) });
  });

  router.delete('/webhooks/:id', async (req, res) => {
    const user = await manager(req);
    await deleteWebhookEndpoint(deps, auditActor(req, user), idParam(req.params.id, 'The webhook endpoint'));
    res.status(204).end();
  });

  router.post('/webhooks/:id/ping', async (req, res) => {
    const user = await manager(req);
    const id = idParam(req.params.id, 'The webhook endpoint');
    res.status(202).json({ eventId: await pingWebhookEndpoint(deps, auditActor(req, user), id) });
  });

  router.get('/webhooks/:id/deliveries', async (req, res) => {
    const user = await manager(req);
    const endpoint = await requireEndpoint(
      deps,
      user.organisationId,
      idParam(req.params.id, 'The webhook endpoint'),
    );
    const query = deliveryQuerySchema.parse(req.query);
    const rows = await listDeliveries(deps.db, endpoint.id, query);
    const last = rows.at(-1);
    res.json({
      deliveries: rows.map(presentDelivery),
      nextBefore: rows.length === query.limit && last ? last.id : null,
    } satisfies DeliveryPage);
  });

  router.post('/webhooks/:id/deliveries/:deliveryId/redeliver', async (req, res) => {
    const user = await manager(req);
    const id = idParam(req.params.id, 'The webhook endpoint');
    const deliveryId = idParam(req.params.deliveryId, 'The delivery');
    res.status(202).json({ deliveryId: await redeliverWebhook(deps, auditActor(req, user), id, deliveryId) });
  });

  return router;
}
