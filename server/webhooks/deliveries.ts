/** SQL of webhook events and their deliveries (one per event and endpoint, plus redeliveries). */
import type { WEBHOOK_DELIVERY_STATUSES } from '../contract/webhooks.ts';
import type { Queryable } from '../db/pool.ts';

/** How long an event is retried: from the event (or the redelivery), then it has failed. */
export const RETRY_WINDOW_HOURS = 24;

export type DeliveryStatus = (typeof WEBHOOK_DELIVERY_STATUSES)[number];

/**
 * Stores an event once per (type, subject) and, when it is new, a delivery to every enabled endpoint
 * of the organisation subscribed to its type (or only to `onlyEndpoint`: a ping). Call it inside the
 * transaction of the change it reports. Returns the event's id, or null if it was stored before.
 */
export async function insertEvent(
  db: Queryable,
  event: { organisationId: string; type: string; subjectId: string; data: object; onlyEndpoint?: string },
): Promise<string | null> {
  const { rows } = await db.query<{ id: string }>(
    `insert into webhook_events (organisation_id, type, subject_id, data) values ($1, $2, $3, $4)
     on conflict (type, subject_id) do nothing returning id`,
    [event.organisationId, event.type, event.subjectId, JSON.stringify(event.data)],
  );
  const id = rows[0]?.id;
  if (!id) return null;
  await db.query(
    `insert into webhook_deliveries (event_id, endpoint_id, next_attempt_at, give_up_at)
     select $1, e.id, now(), now() + make_interval(hours => $5) from webhook_endpoints e
     where e.organisation_id = $2 and e.enabled and e.deleted_at is null
       and (case when $4::uuid is null then $3 = any (e.event_types) else e.id = $4 end)`,
    [id, event.organisationId, event.type, event.onlyEndpoint ?? null, RETRY_WINDOW_HOURS],
  );
  return id;
}

/** A redelivery of a delivery's event to its endpoint: same event, so the same webhook-id. */
export async function insertRedelivery(db: Queryable, deliveryId: string): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `insert into webhook_deliveries (event_id, endpoint_id, manual, next_attempt_at, give_up_at)
     select event_id, endpoint_id, true, now(), now() + make_interval(hours => $2)
     from webhook_deliveries where id = $1 returning id`,
    [deliveryId, RETRY_WINDOW_HOURS],
  );
  const id = rows[0]?.id;
  if (!id) throw new Error(`delivery ${deliveryId} vanished`);
  return id;
}

/** A try may start this long after the give-up time (the last try is due exactly then). */
const LAST_TRY_SLACK = "interval '5 minutes'";
/** A try in flight holds its delivery this long; past it a crashed try is taken again. */
const LEASE = "interval '2 minutes'";

/**
 * Due deliveries of enabled endpoints that no try holds: leased now and returned, so concurrent
 * pumps split them. Pending deliveries past their window are marked failed.
 */
export async function takeDue(
  db: Queryable,
  now: Date,
  limit: number,
): Promise<{ deliveryId: string; leaseId: string }[]> {
  await db.query(
    `update webhook_deliveries set status = 'failed', next_attempt_at = $1,
       last_error = coalesce(last_error, 'not delivered') || ' (gave up after ${RETRY_WINDOW_HOURS} hours)'
     where status = 'pending' and give_up_at + ${LAST_TRY_SLACK} < $1 and (leased_until is null or leased_until < $1)`,
    [now],
  );
  const { rows } = await db.query<{ deliveryId: string; leaseId: string }>(
    `update webhook_deliveries set lease_id = gen_random_uuid(), leased_until = $1::timestamptz + ${LEASE}
     where id in (
       select d.id from webhook_deliveries d join webhook_endpoints e on e.id = d.endpoint_id
       where d.status = 'pending' and d.next_attempt_at <= $1
         and (d.leased_until is null or d.leased_until < $1) and e.enabled and e.deleted_at is null
       order by d.next_attempt_at limit $2 for update of d skip locked)
     returning id as "deliveryId", lease_id as "leaseId"`,
    [now, limit],
  );
  return rows;
}

/** What one try needs: the event, the endpoint's URL and sealed key. */
export interface DeliveryTry {
  id: string;
  eventId: string;
  type: string;
  data: Record<string, unknown>;
  eventAt: Date;
  endpointId: string;
  url: string;
  secretSealed: string;
  attempts: number;
  giveUpAt: Date;
}

/**
 * Starts a try: counts it and holds the delivery under a new lease, only for the job carrying the
 * lease it was handed with, and only if it is still pending on an enabled endpoint. So a job handed
 * out twice (a lost lease taken again) never tries the same delivery twice at once.
 */
export async function startTry(
  db: Queryable,
  lease: { deliveryId: string; leaseId: string },
  now: Date,
): Promise<DeliveryTry | undefined> {
  const { rows } = await db.query<DeliveryTry>(
    `with started as (
       update webhook_deliveries d set attempts = attempts + 1, last_attempt_at = $2,
         lease_id = gen_random_uuid(), leased_until = $2::timestamptz + ${LEASE}
       from webhook_endpoints e
       where d.id = $1 and d.lease_id = $3 and e.id = d.endpoint_id and d.status = 'pending'
         and e.enabled and e.deleted_at is null
         and d.next_attempt_at <= $2 and $2 <= d.give_up_at + ${LAST_TRY_SLACK}
       returning d.id, d.event_id, d.endpoint_id, d.attempts, d.give_up_at, e.url, e.secret_sealed)
     select s.id, s.event_id as "eventId", v.type, v.data, v.created_at as "eventAt", s.endpoint_id as "endpointId",
       s.url, s.secret_sealed as "secretSealed", s.attempts, s.give_up_at as "giveUpAt"
     from started s join webhook_events v on v.id = s.event_id`,
    [lease.deliveryId, now, lease.leaseId],
  );
  return rows[0];
}

export interface TryOutcome {
  statusCode: number | null;
  responseExcerpt: string | null;
  error: string | null;
}

/** A 2xx: the delivery is done. */
export async function markDelivered(
  db: Queryable,
  id: string,
  outcome: TryOutcome,
  now: Date,
): Promise<void> {
  await db.query(
    `update webhook_deliveries set status = 'delivered', delivered_at = $2, lease_id = null, leased_until = null,
       last_status_code = $3, response_excerpt = $4, last_error = null
     where id = $1 and status = 'pending'`,
    [id, now, outcome.statusCode, outcome.responseExcerpt],
  );
}

/** A failed try: the next one is due at `nextAt`, or none when `nextAt` is null (the delivery failed). */
export async function markTryFailed(
  db: Queryable,
  id: string,
  outcome: TryOutcome,
  nextAt: Date | null,
): Promise<void> {
  await db.query(
    `update webhook_deliveries set lease_id = null, leased_until = null, last_status_code = $2, response_excerpt = $3,
       last_error = $4, status = case when $5::timestamptz is null then 'failed' else status end,
       next_attempt_at = coalesce($5, next_attempt_at)
     where id = $1 and status = 'pending'`,
    [id, outcome.statusCode, outcome.responseExcerpt, outcome.error?.slice(0, 2000) ?? null, nextAt],
  );
}

export interface DeliveryLogRow {
  id: string;
  eventId: string;
  type: string;
  manual: boolean;
  status: DeliveryStatus;
  attempts: number;
  lastStatusCode: number | null;
  responseExcerpt: string | null;
  lastError: string | null;
  createdAt: Date;
  lastAttemptAt: Date | null;
  nextAttemptAt: Date;
  deliveredAt: Date | null;
}

const LOG_COLUMNS = `d.id, d.event_id as "eventId", v.type, d.manual, d.status, d.attempts,
  d.last_status_code as "lastStatusCode", d.response_excerpt as "responseExcerpt", d.last_error as "lastError",
  d.created_at as "createdAt", d.last_attempt_at as "lastAttemptAt", d.next_attempt_at as "nextAttemptAt",
  d.delivered_at as "deliveredAt"`;

/** An endpoint's deliveries, newest first, older than the delivery `before` when given. */
export async function listDeliveries(
  db: Queryable,
  endpointId: string,
  page: { limit: number; before?: string | undefined },
): Promise<DeliveryLogRow[]> {
  const { rows } = await db.query<DeliveryLogRow>(
    `select ${LOG_COLUMNS} from webhook_deliveries d join webhook_events v on v.id = d.event_id
     where d.endpoint_id = $1
       and ($2::uuid is null or (d.created_at, d.id) < (select created_at, id from webhook_deliveries where id = $2))
     order by d.created_at desc, d.id desc limit $3`,
    [endpointId, page.before ?? null, page.limit],
  );
  return rows;
}

export async function findDelivery(
  db: Queryable,
  endpointId: string,
  id: string,
): Promise<DeliveryLogRow | undefined> {
  const { rows } = await db.query<DeliveryLogRow>(
    `select ${LOG_COLUMNS} from webhook_deliveries d join webhook_events v on v.id = d.event_id
     where d.id = $1 and d.endpoint_id = $2`,
    [id, endpointId],
  );
  return rows[0];
}
