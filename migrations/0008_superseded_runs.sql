-- A check run that had not started when the candidate asked for a newer one is replaced by it
-- (status 'superseded'): only the newest run of a challenge is graded. A submission never is.
alter table gradings drop constraint gradings_status_check;
alter table gradings add constraint gradings_status_check
  check (status in ('queued', 'running', 'done', 'error', 'superseded'));
