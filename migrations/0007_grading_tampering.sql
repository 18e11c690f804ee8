-- A grading whose output showed signs of tampering (more than one verdict line): stored as a
-- grader error, never a score, and flagged to reviewers.
alter table gradings add column tampering boolean not null default false;
