-- Live environments on many Docker engines (#19): each environment records the engine it runs on
-- (a name from LIVE_DOCKER_HOSTS; `local` is the one engine at DOCKER_HOST), so its terminal, its
-- files and its checks reach it there. Practice runs too, though they stay on the first engine.
alter table live_environments add column engine text not null default 'local';
alter table practice_runs add column engine text not null default 'local';
-- An engine that stopped answering takes its environments with it: the time is given back.
alter table time_credits drop constraint time_credits_cause_check;
alter table time_credits add constraint time_credits_cause_check
  check (cause in ('live_start_failed', 'grading_stalled', 'live_engine_lost'));
