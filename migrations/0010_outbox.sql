-- Email: every message is stored here first, in the transaction of the action that caused it, then
-- sent by a pg-boss job (or held for managers to read when no SMTP server is configured).

alter table organisations add column mail_from text check (length(mail_from) between 3 and 320);
-- IANA time zone the candidate's times are written in (UTC when null).
alter table invitations add column time_zone text check (length(time_zone) between 1 and 64);

create table outbox (
  id uuid primary key default gen_random_uuid(),
  organisation_id uuid not null references organisations (id) on delete cascade,
  -- one address, or several separated by ", " (the managers of an organisation)
  recipient text not null check (length(recipient) between 3 and 4000),
  kind text not null check (kind in ('invitation', 'reminder', 'submitted', 'graded')),
  -- what the message is about (an invitation's or an attempt's id): with kind, the idempotency key
  subject_id uuid not null,
  subject text not null,
  text_body text not null,
  html_body text not null,
  status text not null default 'queued' check (status in ('queued', 'sent', 'failed', 'held')),
  attempts int not null default 0,
  last_error text,
  enqueued_at timestamptz,
  created_at timestamptz not null default now(),
  sent_at timestamptz,
  unique (kind, subject_id)
);
create index outbox_organisation on outbox (organisation_id, created_at desc, id desc);
create index outbox_queued on outbox (created_at) where status = 'queued';
