-- Webhooks: an organisation's endpoints, the domain events they may receive (recorded in the
-- transaction of the change that caused them), and one delivery per event and endpoint that a
-- pg-boss job tries until it is answered with a 2xx or its 24 hours are over.

create table webhook_endpoints (
  id uuid primary key,
  organisation_id uuid not null references organisations (id) on delete cascade,
  url text not null check (length(url) between 8 and 2000),
  description text not null default '' check (length(description) <= 500),
  -- the event types it receives; never empty
  event_types text[] not null check (cardinality(event_types) between 1 and 20),
  -- the Standard Webhooks signing key (whsec_...), sealed for 'webhook:<id>' (server/security/secrets.ts)
  secret_sealed text not null,
  enabled boolean not null default true,
  created_by uuid references staff_users (id) on delete set null,
  created_at timestamptz not null default now(),
  -- deleted endpoints keep their delivery log for the audit trail but receive nothing more
  deleted_at timestamptz
);
create index webhook_endpoints_organisation on webhook_endpoints (organisation_id, created_at desc)
  where deleted_at is null;

create table webhook_events (
  -- sent as the webhook-id header: the receiver's idempotency key
  id uuid primary key default gen_random_uuid(),
  organisation_id uuid not null references organisations (id) on delete cascade,
  type text not null check (type ~ '^[a-z]+\.[a-z_]+$'),
  -- what the event is about (an invitation, attempt or review); with type, one event per moment
  subject_id uuid not null,
  -- the versioned payload's data, without links made absolute (that happens when it is sent)
  data jsonb not null,
  created_at timestamptz not null default now(),
  unique (type, subject_id)
);

create table webhook_deliveries (
  id uuid primary key default gen_random_uuid(),
  event_id uuid not null references webhook_events (id) on delete cascade,
  endpoint_id uuid not null references webhook_endpoints (id) on delete cascade,
  -- a manager's redelivery (same event, same webhook-id) rather than the event's first delivery
  manual boolean not null default false,
  status text not null default 'pending' check (status in ('pending', 'delivered', 'failed')),
  attempts int not null default 0,
  next_attempt_at timestamptz not null,
  -- retried until here (24 hours after the event, or after the redelivery was asked for)
  give_up_at timestamptz not null,
  -- a job handed the delivery (or a try in flight) holds it until leased_until, under lease_id:
  -- only the job carrying that id may start the try, so no delivery is tried twice at once
  lease_id uuid,
  leased_until timestamptz,
  last_status_code int,
  response_excerpt text check (length(response_excerpt) <= 4096),
  last_error text check (length(last_error) <= 2000),
  last_attempt_at timestamptz,
  delivered_at timestamptz,
  created_at timestamptz not null default now()
);
create unique index webhook_deliveries_once on webhook_deliveries (event_id, endpoint_id) where not manual;
create index webhook_deliveries_log on webhook_deliveries (endpoint_id, created_at desc, id desc);
create index webhook_deliveries_due on webhook_deliveries (next_attempt_at) where status = 'pending';
