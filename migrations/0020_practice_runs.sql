-- The untimed practice a candidate may do before starting the clock (issue #16): its environment's
-- life and its last check, kept apart from everything an assessment is judged on. Practice never
-- writes attempt_files, gradings, attempt_events or live_environments, and nothing that scores,
-- compares, exports or reports reads this table: it is never counted because it is not there.
create table practice_runs (
  id uuid primary key default gen_random_uuid(),
  organisation_id uuid not null references organisations (id) on delete cascade,
  attempt_id uuid not null references attempts (id) on delete cascade,
  challenge_slug text not null,
  status text not null default 'starting' check (status in ('starting', 'ready', 'failed', 'ended')),
  container_id text,
  ready_ms int,
  created_at timestamptz not null default now(),
  last_active_at timestamptz not null default now(),
  ended_at timestamptz,
  end_reason text,
  checks_run int not null default 0,
  -- The candidate's view of the last check (visible checks only), shown again after a reload.
  last_check jsonb,
  last_check_at timestamptz
);
-- At most one practice environment starting or running per attempt.
create unique index practice_runs_current on practice_runs (attempt_id) where status in ('starting', 'ready');
create index practice_runs_open on practice_runs (status) where status in ('starting', 'ready');
