-- Live interviews: an attempt with people in it. Staff schedule one in a time slot; the candidate
-- comes in through their invitation as always, interviewers and shadows join from the staff pages.
-- Files become shared documents (Yjs), persisted here and projected into attempt_files; every
-- logged event names its author when staff made it; hand-overs and complications are logged.

create table interviews (
  id uuid primary key default gen_random_uuid(),
  organisation_id uuid not null references organisations (id) on delete cascade,
  assessment_id uuid not null references assessments (id) on delete cascade,
  invitation_id uuid not null unique references invitations (id) on delete cascade,
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  -- the team's own call (Meet, Zoom, Teams…): voice and video are not Gauntlet's
  meeting_url text check (meeting_url is null or length(meeting_url) between 1 and 500),
  created_by uuid references staff_users (id) on delete set null,
  created_at timestamptz not null default now(),
  check (ends_at > starts_at),
  check (ends_at - starts_at <= interval '10 hours')
);
create index interviews_organisation on interviews (organisation_id, starts_at);

create table interview_participants (
  interview_id uuid not null references interviews (id) on delete cascade,
  staff_user_id uuid not null references staff_users (id) on delete cascade,
  -- a shadow watches and takes notes; it never types in the files or the terminal
  role text not null check (role in ('interviewer', 'shadow')),
  joined_at timestamptz not null default now(),
  primary key (interview_id, staff_user_id)
);

-- A participant's quick rating per rubric dimension during the interview; it pre-fills their review.
create table interview_ratings (
  interview_id uuid not null references interviews (id) on delete cascade,
  staff_user_id uuid not null references staff_users (id) on delete cascade,
  dimension text not null check (dimension in ('architecture', 'iac', 'cicd', 'security', 'operations')),
  rating int not null check (rating between 1 and 4),
  updated_at timestamptz not null default now(),
  primary key (interview_id, staff_user_id, dimension)
);

-- Each challenge's shared document (a Yjs update holding the whole state).
create table collab_documents (
  attempt_id uuid not null references attempts (id) on delete cascade,
  challenge_slug text not null,
  state bytea not null,
  updated_at timestamptz not null default now(),
  primary key (attempt_id, challenge_slug)
);

-- Who made an event: null for the candidate (and for what the server observed, like terminal output),
-- else the staff member.
alter table attempt_events add column author_id uuid references staff_users (id) on delete set null;
alter table attempt_events drop constraint attempt_events_kind_check;
alter table attempt_events add constraint attempt_events_kind_check check (kind in (
  'edit', 'file_create', 'file_rename', 'file_delete', 'paste', 'focus', 'blur', 'run', 'submit', 'terminal',
  'keyboard', 'complication'
));
