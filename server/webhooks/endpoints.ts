/** SQL of an organisation's webhook endpoints. */
import type { WebhookEventType } from '../contract/webhooks.ts';
import type { Queryable } from '../db/pool.ts';

export interface EndpointRow {
  id: string;
  organisationId: string;
  url: string;
  description: string;
  eventTypes: WebhookEventType[];
  secretSealed: string;
  enabled: boolean;
  createdAt: Date;
  deletedAt: Date | null;
}

const COLUMNS = `id, organisation_id as "organisationId", url, description, event_types as "eventTypes",
  secret_sealed as "secretSealed", enabled, created_at as "createdAt", deleted_at as "deletedAt"`;

export async function insertEndpoint(
  db: Queryable,
  endpoint: Pick<
    EndpointRow,
    'id' | 'organisationId' | 'url' | 'description' | 'eventTypes' | 'secretSealed'
  > & {
    createdBy: string | null;
  },
): Promise<EndpointRow> {
  const { rows } = await db.query<EndpointRow>(
    `insert into webhook_endpoints (id, organisation_id, url, description, event_types, secret_sealed, created_by)
     values ($1, $2, $3, $4, $5, $6, $7) returning ${COLUMNS}`,
    [
      endpoint.id,
      endpoint.organisationId,
      endpoint.url,
      endpoint.description,
      endpoint.eventTypes,
      endpoint.secretSealed,
      endpoint.createdBy,
    ],
  );
  const row = rows[0];
  if (!row) throw new Error('webhook endpoint not stored');
  return row;
}

/** The organisation's endpoint; a deleted one only when `withDeleted` (deleting it again is a no-op). */
export async function findEndpoint(
  db: Queryable,
  organisationId: string,
  id: string,
  withDeleted = false,
): Promise<EndpointRow | undefined> {
  const { rows } = await db.query<EndpointRow>(
    `select ${COLUMNS} from webhook_endpoints
     where id = $1 and organisation_id = $2 and ($3 or deleted_at is null)`,
    [id, organisationId, withDeleted],
  );
  return rows[0];
}

export async function listEndpoints(db: Queryable, organisationId: string): Promise<EndpointRow[]> {
  const { rows } = await db.query<EndpointRow>(
    `select ${COLUMNS} from webhook_endpoints where organisation_id = $1 and deleted_at is null
     order by created_at desc, id`,
    [organisationId],
  );
  return rows;
}

export async function setEndpointEnabled(db: Queryable, id: string, enabled: boolean): Promise<void> {
  await db.query('update webhook_endpoints set enabled = $2 where id = $1', [id, enabled]);
}

/** Deleted endpoints receive nothing more; their pending deliveries end as failed. */
export async function deleteEndpoint(db: Queryable, id: string): Promise<void> {
  await db.query('update webhook_endpoints set deleted_at = coalesce(deleted_at, now()) where id = $1', [id]);
  await db.query(
    `update webhook_deliveries set status = 'failed', last_error = 'the endpoint was deleted'
     where endpoint_id = $1 and status = 'pending'`,
    [id],
  );
}
