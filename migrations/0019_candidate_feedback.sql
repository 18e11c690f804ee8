-- Feedback to the candidate (#16 point 4): a manager turns it on per assessment. The candidate then
-- reads, on the finished page, a report built on read from the final submission's visible checks
-- and the rubric, and gets one mail (kind 'feedback') once the final grading is recorded.
alter table assessments add column candidate_feedback boolean not null default false;

alter table outbox drop constraint outbox_kind_check;
alter table outbox add constraint outbox_kind_check
  check (kind in ('invitation', 'reminder', 'submitted', 'graded', 'feedback'));
