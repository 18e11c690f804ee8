-- API tokens: an organisation's scripts and ATS call /api/v1 with `Authorization: Bearer gnt_…`.
-- The token is shown once when a manager creates it; only its sha256 is stored (a 256-bit random
-- secret needs no slow hash), so a database leak reveals no usable token.

create table api_tokens (
  id uuid primary key default gen_random_uuid(),
  organisation_id uuid not null references organisations (id) on delete cascade,
  name text not null check (length(name) between 1 and 100),
  -- what the token may do; `admin` implies the other two
  scopes text[] not null check (
    cardinality(scopes) between 1 and 3
    and scopes <@ array['read:results', 'write:invitations', 'admin']::text[]
  ),
  -- the token's first characters (`gnt_` and 8 more), so a manager recognises it in a list and a log
  prefix text not null check (prefix ~ '^gnt_[A-Za-z0-9_-]{8}$'),
  token_hash bytea not null unique check (length(token_hash) = 32),
  created_by uuid references staff_users (id) on delete set null,
  created_at timestamptz not null default now(),
  -- refreshed at most once a minute, so reading does not write on every call
  last_used_at timestamptz,
  expires_at timestamptz,
  revoked_at timestamptz,
  check (expires_at is null or expires_at > created_at)
);
create index api_tokens_organisation on api_tokens (organisation_id, created_at desc, id desc);

-- An action taken with a token names the token as its actor (actor_id stays for staff members).
alter table audit_log add column actor_token_id uuid references api_tokens (id) on delete set null;
