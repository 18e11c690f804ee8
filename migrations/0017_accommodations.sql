-- Accommodations and time credited for platform faults (#16 point 2).
--
-- An accommodation is set by a manager on an invitation before its attempt starts: extra time as a
-- share of the limit (25, 50 or 100 %) or as minutes, and a note for reviewers. Both are read when
-- the clock starts; afterwards they are a record. The time factor (the attempt's time over the
-- assessment's limit) is stored so SQL can stretch a live environment's idle limit by it.
create table accommodations (
  attempt_id uuid primary key references attempts (id) on delete cascade,
  organisation_id uuid not null references organisations (id) on delete cascade,
  extra_percent int check (extra_percent in (25, 50, 100)),
  extra_minutes int check (extra_minutes between 1 and 600),
  note text not null default '' check (length(note) <= 1000),
  time_factor numeric(6, 3) not null default 1 check (time_factor between 1 and 200),
  set_by uuid references staff_users (id) on delete set null,
  set_at timestamptz not null default now(),
  check (extra_percent is null or extra_minutes is null)
);

-- Time the platform took from a candidate and gave back: one row per incident (a live environment
-- that did not start, a grading that waited in a stalled queue), so a retried detection credits once.
create table time_credits (
  id uuid primary key default gen_random_uuid(),
  organisation_id uuid not null references organisations (id) on delete cascade,
  attempt_id uuid not null references attempts (id) on delete cascade,
  cause text not null check (cause in ('live_start_failed', 'grading_stalled')),
  -- what failed: the live environment's or the grading's id
  incident_id uuid not null,
  -- the time given back, and how far the deadline actually moved (less at an interview's slot end)
  minutes int not null check (minutes between 1 and 600),
  deadline_before timestamptz not null,
  deadline_after timestamptz not null,
  created_at timestamptz not null default now(),
  unique (attempt_id, cause, incident_id)
);
create index time_credits_attempt on time_credits (attempt_id, created_at);

-- The replay shows each credit where it happened.
alter table attempt_events drop constraint attempt_events_kind_check;
alter table attempt_events add constraint attempt_events_kind_check check (kind in (
  'edit', 'file_create', 'file_rename', 'file_delete', 'paste', 'focus', 'blur', 'run', 'submit', 'terminal',
  'keyboard', 'complication', 'time_credit'
));
