-- The walking skeleton's data model: organisations and their staff, assessments and invitations,
-- candidates' attempts and files, gradings and the auto score per rubric dimension.

create extension if not exists pgcrypto;

create table organisations (
  id uuid primary key default gen_random_uuid(),
  name text not null check (length(name) between 1 and 200),
  created_at timestamptz not null default now()
);

create table staff_users (
  id uuid primary key default gen_random_uuid(),
  organisation_id uuid not null references organisations (id) on delete cascade,
  email text not null unique check (email = lower(email)),
  name text not null,
  role text not null check (role in ('manager', 'interviewer')),
  -- argon2id PHC string
  password_hash text not null,
  created_at timestamptz not null default now()
);
create index staff_users_organisation on staff_users (organisation_id);

create table assessments (
  id uuid primary key default gen_random_uuid(),
  organisation_id uuid not null references organisations (id) on delete cascade,
  title text not null check (length(title) between 1 and 200),
  challenge_slugs text[] not null check (cardinality(challenge_slugs) between 1 and 10),
  time_limit_minutes int not null check (time_limit_minutes between 5 and 600),
  created_by uuid references staff_users (id) on delete set null,
  created_at timestamptz not null default now()
);
create index assessments_organisation on assessments (organisation_id);

create table invitations (
  id uuid primary key default gen_random_uuid(),
  organisation_id uuid not null references organisations (id) on delete cascade,
  assessment_id uuid not null references assessments (id) on delete cascade,
  candidate_name text not null check (length(candidate_name) between 1 and 200),
  candidate_email text not null check (length(candidate_email) between 3 and 200),
  -- sha256 of the token; the token itself is only ever in the link sent to the candidate
  token_hash bytea not null unique,
  expires_at timestamptz not null,
  revoked_at timestamptz,
  created_at timestamptz not null default now()
);
create index invitations_assessment on invitations (assessment_id);

create table attempts (
  id uuid primary key default gen_random_uuid(),
  organisation_id uuid not null references organisations (id) on delete cascade,
  invitation_id uuid not null unique references invitations (id) on delete cascade,
  assessment_id uuid not null references assessments (id) on delete cascade,
  started_at timestamptz,
  deadline_at timestamptz,
  submitted_at timestamptz,
  created_at timestamptz not null default now(),
  check ((started_at is null) = (deadline_at is null))
);
create index attempts_assessment on attempts (assessment_id);

-- A session is a staff member's or a candidate's (then bound to exactly one attempt).
create table sessions (
  -- sha256 of the cookie value
  id_hash bytea primary key,
  staff_user_id uuid references staff_users (id) on delete cascade,
  attempt_id uuid references attempts (id) on delete cascade,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  check ((staff_user_id is null) <> (attempt_id is null))
);
create index sessions_expires on sessions (expires_at);

-- The candidate's working copy of each challenge's files, saved continuously.
create table attempt_files (
  attempt_id uuid not null references attempts (id) on delete cascade,
  challenge_slug text not null,
  path text not null check (length(path) between 1 and 200),
  content text not null,
  updated_at timestamptz not null default now(),
  primary key (attempt_id, challenge_slug, path)
);

create table gradings (
  id uuid primary key default gen_random_uuid(),
  organisation_id uuid not null references organisations (id) on delete cascade,
  attempt_id uuid not null references attempts (id) on delete cascade,
  challenge_slug text not null,
  kind text not null check (kind in ('run', 'submit')),
  status text not null default 'queued' check (status in ('queued', 'running', 'done', 'error')),
  -- the files as they were when the grading was asked for: [{ path, content }]
  files jsonb not null,
  -- 0-100 over all the challenge's checks, weighted; null until done
  score numeric(5, 2),
  -- per declared check: { id, dimension, weight, visible, passed, score, message, evidence }
  checks jsonb,
  diagnostics jsonb,
  error text,
  wall_ms int,
  created_at timestamptz not null default now(),
  started_at timestamptz,
  finished_at timestamptz
);
create index gradings_attempt on gradings (attempt_id, challenge_slug, created_at desc);
-- one submission per challenge of an attempt
create unique index gradings_one_submit on gradings (attempt_id, challenge_slug) where kind = 'submit';

-- Auto score per rubric dimension, recomputed from the stored check results of the submissions.
create table attempt_scores (
  attempt_id uuid not null references attempts (id) on delete cascade,
  dimension text not null check (dimension in ('architecture', 'iac', 'cicd', 'security', 'operations')),
  -- 0-100, the weighted share of this dimension's checks passed; null when only grader errors informed it
  score numeric(5, 2),
  check_count int not null,
  computed_at timestamptz not null default now(),
  primary key (attempt_id, dimension)
);
