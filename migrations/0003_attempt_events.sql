-- Replays: an append-only log of what happened in an attempt (editor changes, file operations,
-- pastes, focus, check runs from the candidate's page; terminal streams recorded by the server),
-- periodic snapshots of each challenge's files so a seek replays only from the nearest one, and
-- interviewers' notes pinned to moments of the replay.

-- One row per batch the candidate's page sent. The batch id makes a retried batch a no-op; a
-- capture (one page load) numbers its batches so they are stored in the order they were made.
create table attempt_event_batches (
  attempt_id uuid not null references attempts (id) on delete cascade,
  batch_id uuid not null,
  capture_id uuid not null,
  batch_no int not null check (batch_no >= 0),
  first_seq bigint not null,
  event_count int not null check (event_count >= 0),
  received_at timestamptz not null default now(),
  primary key (attempt_id, batch_id),
  unique (attempt_id, capture_id, batch_no)
);

create table attempt_events (
  attempt_id uuid not null references attempts (id) on delete cascade,
  -- 1, 2, 3… per attempt, assigned by the server while it holds the attempt's row lock: gapless
  seq bigint not null check (seq >= 1),
  organisation_id uuid not null references organisations (id) on delete cascade,
  challenge_slug text not null,
  kind text not null check (kind in (
    'edit', 'file_create', 'file_rename', 'file_delete', 'paste', 'focus', 'blur', 'run', 'submit', 'terminal'
  )),
  -- the kind's fields, validated by server/contract/events.ts before they get here
  payload jsonb not null,
  -- the server's clock; a batch's events are spread over at most a few seconds before it arrived,
  -- by the page's offsets, and never before the previous event
  at timestamptz not null,
  -- null for events the server recorded itself (terminal streams)
  batch_id uuid,
  primary key (attempt_id, seq)
);
create index attempt_events_challenge on attempt_events (attempt_id, challenge_slug, seq);

-- Each challenge's whole file set as it was after event `seq`, taken every few hundred file events.
create table attempt_snapshots (
  attempt_id uuid not null references attempts (id) on delete cascade,
  challenge_slug text not null,
  seq bigint not null,
  -- { "path": "content", … }
  files jsonb not null,
  -- how many of the challenge's file events up to seq; the next snapshot is due that many later
  file_event_count int not null,
  created_at timestamptz not null default now(),
  primary key (attempt_id, challenge_slug, seq)
);

-- A staff member's note pinned to a moment (an event's seq) of an attempt's replay.
create table replay_notes (
  id uuid primary key default gen_random_uuid(),
  organisation_id uuid not null references organisations (id) on delete cascade,
  attempt_id uuid not null references attempts (id) on delete cascade,
  author_id uuid references staff_users (id) on delete set null,
  challenge_slug text not null,
  seq bigint not null check (seq >= 0),
  body text not null check (length(body) between 1 and 4000),
  created_at timestamptz not null default now()
);
create index replay_notes_attempt on replay_notes (attempt_id, seq);
