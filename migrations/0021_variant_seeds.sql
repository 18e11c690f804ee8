-- Seeded variants (#17): an invitation a manager sends draws a seed, and the challenges that declare
-- parameters are rendered for it (brief, starter, the grader's expectations). Null is the default
-- variant: every invitation sent before this, and those the demo and interviews make, keep exactly
-- the files they had.
alter table invitations add column variant_seed integer
  check (variant_seed between 1 and 2147483647);
