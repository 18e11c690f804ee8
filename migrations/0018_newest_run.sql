-- A replaced check run names the run that replaced it: a page still waiting on the old run follows
-- the new one, and a stalled queue's credited wait counts from the first run the candidate pressed.
-- Deferred: request-grading.ts marks the replaced runs first, then inserts the new one with the id
-- it gave them, in one transaction under the attempt's row lock.
alter table gradings add column superseded_by uuid
  references gradings (id) on delete set null deferrable initially deferred;
