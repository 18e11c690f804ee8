-- Candidates' data is kept for a period each organisation chooses (#16 point 5); past it, or at a
-- manager's request, an attempt is erased: personal fields blanked, content deleted, anonymous
-- scores kept for the organisation's statistics (docs/data-retention.md lists every table).
alter table organisations add column retention_days int not null default 365
  check (retention_days between 30 and 3650);

-- When the invitation's personal fields were blanked; its link then answers 410 attempt_erased.
alter table invitations add column erased_at timestamptz;
-- When the attempt's content was erased (set in the same transaction as the invitation's).
alter table attempts add column erased_at timestamptz;

-- The retention sweep looks for ended attempts not yet erased.
create index attempts_not_erased on attempts (organisation_id) where erased_at is null;
