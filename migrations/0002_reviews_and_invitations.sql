-- Interviewer reviews (a 1-4 rating per rubric dimension, evidence notes, a recommendation) and
-- invitation bookkeeping for managers (one invitation per email per assessment).

create table reviews (
  id uuid primary key default gen_random_uuid(),
  organisation_id uuid not null references organisations (id) on delete cascade,
  attempt_id uuid not null references attempts (id) on delete cascade,
  reviewer_id uuid not null references staff_users (id) on delete cascade,
  recommendation text not null check (recommendation in ('strong_no', 'no', 'yes', 'strong_yes')),
  summary text not null default '' check (length(summary) <= 4000),
  submitted_at timestamptz not null default now(),
  -- one review per interviewer per attempt: ratings stay independent, so a review is final
  unique (attempt_id, reviewer_id)
);
create index reviews_organisation on reviews (organisation_id);

create table review_ratings (
  review_id uuid not null references reviews (id) on delete cascade,
  dimension text not null check (dimension in ('architecture', 'iac', 'cicd', 'security', 'operations')),
  -- against the anchored levels of challenges/rubric.yaml: 1 junior ... 4 staff
  rating int not null check (rating between 1 and 4),
  notes text not null default '' check (length(notes) <= 4000),
  primary key (review_id, dimension)
);

-- A candidate is invited to an assessment once; the CSV import relies on it to refuse repeats.
create unique index invitations_one_per_email on invitations (assessment_id, lower(candidate_email));
