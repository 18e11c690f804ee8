-- Applicant tracking systems (#15 point 5). Greenhouse calls Gauntlet's Assessment Partner API
-- with an organisation's API token (0011) as its Basic-auth key, so it needs no table of its own.
-- Lever (a stage-change webhook) and a generic inbound endpoint for any other ATS are connections:
-- each invites to one assessment, and each keeps its secrets sealed (server/security/secrets.ts).

create table ats_connections (
  id uuid primary key default gen_random_uuid(),
  organisation_id uuid not null references organisations (id) on delete cascade,
  kind text not null check (kind in ('lever', 'generic')),
  name text not null check (length(name) between 1 and 120),
  -- the assessment a trigger invites the candidate to
  assessment_id uuid not null references assessments (id) on delete cascade,
  -- lever: {apiUrl, stageId, performAs}; generic: {}
  settings jsonb not null default '{}',
  -- lever: JSON {signatureToken, apiKey}; generic: the Standard Webhooks key (whsec_...);
  -- sealed for 'ats:<id>'
  secret_sealed text not null,
  created_by uuid references staff_users (id) on delete set null,
  created_at timestamptz not null default now(),
  deleted_at timestamptz
);
create index ats_connections_organisation on ats_connections (organisation_id, created_at desc)
  where deleted_at is null;

-- Which ATS record an invitation came from, to answer it (Greenhouse's test_status, Lever's note).
create table ats_links (
  invitation_id uuid primary key references invitations (id) on delete cascade,
  organisation_id uuid not null references organisations (id) on delete cascade,
  source text not null check (source in ('greenhouse', 'lever', 'generic')),
  connection_id uuid references ats_connections (id) on delete set null,
  -- Greenhouse: the candidate's profile URL; Lever: the opportunity id; generic: the caller's id
  external_id text not null check (length(external_id) between 1 and 2000),
  created_at timestamptz not null default now()
);
create index ats_links_external on ats_links (organisation_id, source, external_id);

-- Each inbound message is acted on once: a retried webhook answers what the first one did.
create table ats_inbound (
  organisation_id uuid not null references organisations (id) on delete cascade,
  source text not null,
  message_id text not null check (length(message_id) between 1 and 200),
  attempt_id uuid references attempts (id) on delete cascade,
  received_at timestamptz not null default now(),
  primary key (organisation_id, source, message_id)
);

-- A result to post back to the ATS (a note on the Lever opportunity), tried until delivered or
-- 24 hours have passed, as webhooks are.
create table ats_results (
  id uuid primary key default gen_random_uuid(),
  connection_id uuid not null references ats_connections (id) on delete cascade,
  attempt_id uuid not null references attempts (id) on delete cascade,
  status text not null default 'pending' check (status in ('pending', 'delivered', 'failed')),
  attempts int not null default 0,
  next_attempt_at timestamptz not null default now(),
  give_up_at timestamptz not null default now() + interval '24 hours',
  last_error text,
  delivered_at timestamptz,
  created_at timestamptz not null default now(),
  unique (connection_id, attempt_id)
);
create index ats_results_due on ats_results (next_attempt_at) where status = 'pending';
