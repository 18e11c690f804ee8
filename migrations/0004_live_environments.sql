-- Live environments: the long-lived sandbox a candidate works in through a terminal, one current
-- per attempt and challenge. The container is the truth about whether it runs; this row is the
-- record of what was started, when it was last used, and why it ended.
create table live_environments (
  id uuid primary key default gen_random_uuid(),
  organisation_id uuid not null references organisations (id) on delete cascade,
  attempt_id uuid not null references attempts (id) on delete cascade,
  challenge_slug text not null,
  status text not null default 'starting' check (status in ('starting', 'ready', 'failed', 'ended')),
  container_id text,
  ready_ms int,
  error text,
  created_at timestamptz not null default now(),
  ready_at timestamptz,
  last_active_at timestamptz not null default now(),
  ended_at timestamptz,
  end_reason text
);
-- At most one environment starting or running per attempt and challenge.
create unique index live_environments_current on live_environments (attempt_id, challenge_slug)
  where status in ('starting', 'ready');
create index live_environments_open on live_environments (status) where status in ('starting', 'ready');
