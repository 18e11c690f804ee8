-- Single sign-on with OpenID Connect per organisation, deactivating staff, and a SCIM 2.0 token an
-- identity provider deprovisions staff with (issue #15, point 2).

-- Staff created by their first SSO sign-in have no password.
alter table staff_users alter column password_hash drop not null;
-- A deactivated staff member has no session and cannot sign in (password or SSO); the row stays, so
-- their reviews and the audit log keep naming them.
alter table staff_users add column deactivated_at timestamptz;
-- Who the identity provider says this is: (issuer, subject) within the organisation. Email alone
-- never links an account, least of all across organisations.
alter table staff_users add column sso_issuer text check (length(sso_issuer) between 1 and 500);
alter table staff_users add column sso_subject text check (length(sso_subject) between 1 and 255);
alter table staff_users add check ((sso_issuer is null) = (sso_subject is null));
create unique index staff_users_sso_identity on staff_users (organisation_id, sso_issuer, sso_subject)
  where sso_subject is not null;

create table sso_settings (
  organisation_id uuid primary key references organisations (id) on delete cascade,
  -- what a staff member types on the sign-in page: the organisation's slug or their email's domain
  slug text not null unique check (slug ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
  email_domain text unique check (email_domain ~ '^[a-z0-9.-]{1,253}$'),
  issuer_url text not null check (length(issuer_url) between 8 and 500),
  client_id text not null check (length(client_id) between 1 and 255),
  -- sealed with server/security/secrets.ts (purpose `oidc-client-secret:<organisation id>`)
  client_secret_sealed text not null,
  groups_claim text not null default 'groups' check (length(groups_claim) between 1 and 100),
  -- { "<group>": "manager" | "interviewer" }; a sign-in with no mapped group is refused
  group_roles jsonb not null default '{}'::jsonb check (jsonb_typeof(group_roles) = 'object'),
  sso_required boolean not null default false,
  -- the one manager who may still use a password when SSO is required
  break_glass_staff_id uuid references staff_users (id) on delete set null,
  updated_at timestamptz not null default now()
);

-- A sign-in on its way through the identity provider: consumed once by the callback (a replayed
-- state finds nothing), bound to the browser that started it, dead after a few minutes.
create table sso_logins (
  -- sha256 of the state parameter
  state_hash bytea primary key,
  organisation_id uuid not null references organisations (id) on delete cascade,
  -- sha256 of the random value in the starting browser's httpOnly cookie
  browser_hash bytea not null,
  nonce text not null check (length(nonce) between 16 and 200),
  code_verifier text not null check (length(code_verifier) between 43 and 128),
  created_at timestamptz not null default now(),
  expires_at timestamptz not null
);
create index sso_logins_expires on sso_logins (expires_at);

-- One SCIM bearer token per organisation; only its sha256 is stored (shown once when generated).
create table scim_tokens (
  organisation_id uuid primary key references organisations (id) on delete cascade,
  token_hash bytea not null unique,
  created_by uuid references staff_users (id) on delete set null,
  created_at timestamptz not null default now()
);
