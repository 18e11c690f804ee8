-- Similarity evidence (#17): each submission's fingerprints (hashes of its normalised parse trees
-- and the lines they cover), computed the first time a reviewer looks at similarity in its
-- organisation and challenge, and kept until the submission or its candidate's data goes, or the
-- way fingerprints are made changes (version). The comparison itself is never stored: it depends
-- on the threshold and on the other submissions, and it is cheap once fingerprints exist.
create table similarity_fingerprints (
  grading_id uuid primary key references gradings (id) on delete cascade,
  organisation_id uuid not null references organisations (id) on delete cascade,
  attempt_id uuid not null references attempts (id) on delete cascade,
  challenge_slug text not null,
  version int not null check (version >= 1),
  -- { "paths": [...], "prints": [[hash, path index, first line, last line], ...] }
  prints jsonb not null,
  created_at timestamptz not null default now()
);
create index similarity_fingerprints_challenge on similarity_fingerprints (organisation_id, challenge_slug);
create index similarity_fingerprints_attempt on similarity_fingerprints (attempt_id);
