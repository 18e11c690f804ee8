-- Security and reliability (issue #8): rate-limit counters shared by every API process, and the
-- audit log of staff actions.

-- One fixed-window counter per limit and key (an IP, an email, an attempt). Every API process
-- counts in the same row through one atomic upsert, so the limits hold behind a load balancer.
-- Rows whose window has ended are swept.
create table rate_limit_counters (
  -- which limit: sign_in_ip, sign_in_email, enter_ip, gradings_attempt
  bucket text not null check (length(bucket) between 1 and 50),
  key text not null check (length(key) between 1 and 300),
  window_start timestamptz not null,
  window_end timestamptz not null,
  hits int not null check (hits >= 1),
  primary key (bucket, key, window_start)
);
create index rate_limit_counters_window_end on rate_limit_counters (window_end);

-- What staff did, and who did it: written in the same transaction as the action where it changes
-- data. Failed sign-ins of an unknown email have no organisation and are seen by nobody.
create table audit_log (
  id bigint generated always as identity primary key,
  organisation_id uuid references organisations (id) on delete cascade,
  actor_id uuid references staff_users (id) on delete set null,
  -- kept when the actor's account is gone, and for a failed sign-in (the email that was tried)
  actor_email text check (length(actor_email) <= 300),
  action text not null check (action ~ '^[a-z_]+\.[a-z_]+$'),
  target_type text check (length(target_type) <= 50),
  target_id uuid,
  details jsonb not null default '{}'::jsonb,
  ip text check (length(ip) <= 100),
  at timestamptz not null default now()
);
create index audit_log_organisation on audit_log (organisation_id, id desc);
