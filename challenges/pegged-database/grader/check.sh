# The pegged-database checks. Runs as postgres inside the live environment, fed on stdin after a
# preamble that sets GAUNTLET_VERDICT_MARKER and GAUNTLET_FILES_B64 (a tar of the candidate's files)
# and the live-kit functions, so neither this script nor the marker ever shows in the process list
# the candidate can read.
# Every judgement is made by PostgreSQL on the live system: statistics of the real workload, the
# planner's own plan, the catalogue, the data, and the server's log.
set -u
export PGHOST=/run/pg PGDATABASE=shop
# note_words and the unpacked files come from challenges/_lib/live-kit, prepended by the platform.
read -r cause_words fix_words follow_words < <(note_words)

# R6: lock waits of checkout on orders, as the server logged them (log_lock_waits, deadlock_timeout 200ms).
lock_waits=$(grep -cE "app@shop checkout: LOG:  process [0-9]+ still waiting for " /var/lib/pgdata/server.log 2>/dev/null)
lock_example=$(grep -m1 -E "app@shop checkout: LOG:  process [0-9]+ still waiting for " /var/lib/pgdata/server.log 2>/dev/null | cut -c1-300)

# R4: the seeded data, fingerprinted as the image recorded it when it was baked.
read -r expected_fingerprint < /opt/pegged/fingerprint.expected
actual_fingerprint=$(psql -X -At -f /opt/pegged/fingerprint.sql 2>/dev/null | head -c 200)

psql -X -At -q -v ON_ERROR_STOP=0 \
  -v marker="$GAUNTLET_VERDICT_MARKER" \
  -v cause_words="${cause_words:-0}" -v fix_words="${fix_words:-0}" -v follow_words="${follow_words:-0}" \
  -v lock_waits="${lock_waits:-0}" -v lock_example="${lock_example:-}" \
  -v expected_fingerprint="$expected_fingerprint" -v actual_fingerprint="${actual_fingerprint:-none}" <<'SQL'
\set QUIET on
-- Defaults, so a query that fails (a dropped role or table) still leaves a verdict to give.
\set window_calls 0
\set window_mean_ms -1
\set window_inserts 0
\set api_plan '{"error": "the plan could not be read"}'
-- The orders API's statement in pg_stat_statements, as run by its role, and checkout's inserts.
create temp table sample (at timestamptz, calls bigint, total_ms double precision, inserts bigint);
create function pg_temp.take_sample() returns void language sql as $$
  insert into sample
  select clock_timestamp(),
         coalesce(sum(s.calls), 0), coalesce(sum(s.total_exec_time), 0),
         (select n_tup_ins from pg_stat_user_tables where relid = to_regclass('public.orders'))
  from pg_stat_statements s
  where s.userid = (select oid from pg_roles where rolname = 'app')
    and s.query like 'SELECT id, status, total, created_at FROM orders WHERE customer_id = $1%';
$$;
select pg_stat_clear_snapshot();
select pg_temp.take_sample();
select pg_sleep(3);
select pg_stat_clear_snapshot();
select pg_temp.take_sample();
select (max(calls) - min(calls)) as window_calls,
       coalesce(case when max(calls) > min(calls) then (max(total_ms) - min(total_ms)) / (max(calls) - min(calls)) end, -1) as window_mean_ms,
       coalesce(max(inserts) - min(inserts), 0) as window_inserts
from sample \gset

-- R2: the planner's own plan for the API's query, as the API's role sees it.
create function pg_temp.plan_of(q text) returns jsonb language plpgsql as $$
declare p jsonb;
begin
  execute 'explain (format json) ' || q into p;
  return p;
exception when others then
  return jsonb_build_object('error', sqlerrm);
end $$;
set role app;
select pg_temp.plan_of('SELECT id, status, total, created_at FROM orders WHERE customer_id = 4242 ORDER BY created_at DESC LIMIT 20') as api_plan \gset
reset role;

select :'marker' || json_build_object('checks', json_build_array(
  (select json_build_object('id', 'api-latency', 'passed', ok, 'score', case when ok then 1 else 0 end,
     'message', case
        when :window_calls = 0 then 'The orders API ran no queries during the 3 s sample: it is not getting through.'
        when ok then format('The orders API''s query took %s ms on average over %s calls in a 3 s sample of live traffic.', round(:'window_mean_ms'::numeric, 2), :window_calls)
        else format('The orders API''s query still takes %s ms on average (%s calls in a 3 s sample); it must be under 25 ms.', round(:'window_mean_ms'::numeric, 1), :window_calls) end)
   from (select :window_calls > 0 and :'window_mean_ms'::double precision < 25 as ok) v),

  (select json_build_object('id', 'index-plan', 'passed', ok, 'score', case when ok then 1 else 0 end,
     'message', case
        when plan ? 'error' then 'The orders API''s query cannot be planned: ' || (plan->>'error')
        when ok then 'The orders API''s query is answered through ' || array_to_string(indexes, ', ') || '.'
        when seq then 'The planner still answers the orders API''s query by scanning the whole orders table.'
        else 'The plan for the orders API''s query uses no valid index on orders.' end,
     'evidence', json_build_array(left(plan::text, 480)))
   from (select plan,
                array(select distinct i.relname from jsonb_path_query(plan, 'strict $.**."Index Name"') n
                      join pg_class i on i.relname = n #>> '{}' join pg_index x on x.indexrelid = i.oid
                      where x.indrelid = to_regclass('public.orders') and x.indisvalid) as indexes,
                jsonb_path_exists(plan, 'strict $.** ? (@."Node Type" like_regex "Seq Scan" && @."Relation Name" == "orders")') as seq
         from (select :'api_plan'::jsonb as plan) p) q,
        lateral (select cardinality(indexes) > 0 and not seq as ok) v),

  (select json_build_object('id', 'runaway-ended', 'passed', n = 0, 'score', case when n = 0 then 1 else 0 end,
     'message', case when n = 0 then 'No report query is running.'
       else format('%s report quer%s still running, the longest for %s.', n, case when n = 1 then 'y is' else 'ies are' end, longest) end)
   from (select count(*) as n, justify_interval(date_trunc('second', max(now() - query_start)))::text as longest
         from pg_stat_activity where usename = 'reporting' and backend_type = 'client backend' and state <> 'idle') r),

  (select json_build_object('id', 'data-intact', 'passed', ok, 'score', case when ok then 1 else 0 end,
     'message', case when ok then 'Every seeded order and customer is there, unchanged.'
       when not tables then 'orders or customers is no longer an ordinary table.'
       else 'The seeded orders or customers changed: rows are missing or were modified.' end)
   from (select coalesce((select count(*) = 2 from pg_class where relnamespace = 'public'::regnamespace
                          and relname in ('orders', 'customers') and relkind = 'r'), false) as tables) t,
        lateral (select tables and :'actual_fingerprint' = :'expected_fingerprint' as ok) v),

  (select json_build_object('id', 'traffic-flowing', 'passed', ok, 'score', case when ok then 1 else 0 end,
     'message', case when ok then format('In 3 s the orders API ran %s queries and checkout inserted %s orders.', :window_calls, :window_inserts)
       else concat_ws(' ',
         case when not privileges then 'The app role lost its login or its privileges on orders.' end,
         case when :window_calls < 5 then format('The orders API ran only %s queries in 3 s.', :window_calls) end,
         case when :window_inserts < 5 then format('Checkout inserted only %s orders in 3 s.', :window_inserts) end) end)
   from (select coalesce((select rolcanlogin from pg_roles where rolname = 'app'), false)
             and coalesce((select has_table_privilege('app', oid, 'select, insert') from pg_class
                           where oid = to_regclass('public.orders')), false) as privileges) p,
        lateral (select privileges and :window_calls >= 5 and :window_inserts >= 5 as ok) v),

  (select json_build_object('id', 'writes-unblocked', 'passed', ok, 'score', case when ok then 1 else 0 end,
     'message', case when ok then 'Checkout never waited on a lock on orders.'
       else format('Checkout''s inserts waited on a lock on orders %s time(s): a change took a lock that blocks writes.', :lock_waits) end,
     'evidence', case when ok then '[]'::json else json_build_array(:'lock_example') end)
   from (select :lock_waits = 0 as ok) v),

  (select json_build_object('id', 'statistics-current', 'passed', ok, 'score', case when ok then 1 else 0 end,
     'message', case when ok then 'The planner''s statistics on orders are current.'
       else format('The planner still believes orders.customer_id has %s distinct values; the table has about 100000.', coalesce(nd::text, 'no')) end)
   from (select (select n_distinct from pg_stats where schemaname = 'public' and tablename = 'orders' and attname = 'customer_id') as nd) s,
        lateral (select coalesce(nd < 0 or nd > 10000, false) as ok) v),

  (select json_build_object('id', 'incident-note', 'passed', ok,
     'score', ((least(:cause_words, 15) + least(:fix_words, 15) + least(:follow_words, 15)) / 45.0),
     'message', case when ok then 'INCIDENT.md has a root cause, a fix and follow-ups.'
       else concat_ws(' ', 'INCIDENT.md needs at least 15 words under each heading;',
         format('it has %s under Root cause, %s under Fix, %s under Follow-ups.', :cause_words, :fix_words, :follow_words)) end)
   from (select :cause_words >= 15 and :fix_words >= 15 and :follow_words >= 15 as ok) v)
));
SQL
