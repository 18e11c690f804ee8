# The pegged-database checks. Run as the OS user postgres (the candidate, sre, cannot signal, trace
# or read its processes), fed on stdin after a preamble that sets GAUNTLET_VERDICT_MARKER and
# GAUNTLET_FILES_B64 and the live-kit functions. The marker never reaches PostgreSQL, a command
# line, the environment or a file: the SQL builds the verdict's JSON, and only this shell prints
# the marker in front of it.
#
# Every judgement is made by PostgreSQL on the live system, in sessions the candidate's objects
# and settings cannot reach: the role `checker` (pg_monitor, read on the seeded tables, bypasses
# row security; not a superuser), search_path = pg_catalog, pg_temp and the other settings that
# change what a query means pinned by the connection (a client setting outranks any database or
# role setting), every function and relation qualified; operators resolve in pg_catalog (the only
# schema on that path that holds any: pg_temp is never searched for operators or functions).
set -u
export PATH=/usr/lib/postgresql/15/bin:/usr/bin:/bin PGHOST=/run/pg PGDATABASE=shop PGUSER=checker
PGOPTIONS="$(cat /opt/pegged/sql-options)"
export PGOPTIONS
unset PGSERVICE PGSERVICEFILE PGSYSCONFDIR PSQLRC
# note_words and the unpacked files come from challenges/_lib/live-kit, prepended by the platform.
read -r cause_words fix_words follow_words < <(note_words)
sql() { psql -X -At -q -v ON_ERROR_STOP=1 "$@" 2>/dev/null; }
LOG=/var/lib/pgdata/server.log
# The interviewer's complications (challenge.yaml live.complications) each leave a record in the
# data folder, which only postgres can read or write: the checks judge the system as they left it.
records=/var/lib/pgdata/complications
surge=0 bloat=0 second_runaway=0
[ -f "$records/checkout-traffic-triples" ] && surge=1
[ -f "$records/table-bloat-after-mass-update" ] && bloat=1
[ -f "$records/second-runaway-query" ] && second_runaway=1

# R4: orders and customers must still be ordinary tables before anything reads them (reading a
# view would run the candidate's query in the checks' session). Each session that reads them first
# locks them (ACCESS SHARE: nothing can rename or replace them while it reads) and only then asks
# whether they are tables, so they cannot be swapped between the question and the read.
read -r -d '' LOCK_SEEDED <<'SQL'
\set ON_ERROR_STOP 0
begin;
lock table only public.orders, public.customers in access share mode;
\if :ERROR
rollback;
\set tables_ok false
\else
select pg_catalog.count(*) = 2 as tables_ok from pg_catalog.pg_class
where oid in (pg_catalog.to_regclass('public.orders'), pg_catalog.to_regclass('public.customers')) and relkind = 'r' \gset
\endif
\set ON_ERROR_STOP 1
SQL
actual_fingerprint=$(printf '%s\n%s\n' "$LOCK_SEEDED" '\if :tables_ok
set statement_timeout = $$45s$$;
\i /opt/pegged/fingerprint.sql
commit;
\else
select $$not-tables$$;
\endif' | sql | head -c 200)
tables=2
[ "$actual_fingerprint" = not-tables ] && tables=0
read -r expected_fingerprint < /opt/pegged/fingerprint.expected
# R5: privileges, memberships and settings exactly as seeded.
actual_privileges=$(sql -f /opt/pegged/privileges.sql)
privileges_diff=$(diff <(printf '%s\n' "$actual_privileges") /opt/pegged/privileges.expected | grep '^[<>]' | head -4 | cut -c1-200)

# R1, R5, R6: a 3 s window of live traffic. The log is read from where the window starts: every
# error or termination of the orders API or checkout in it counts (a cancelled call is a failed
# call), and so does every lock wait of checkout (log_lock_waits, deadlock_timeout 200ms).
log_from=$(( $(stat -c %s "$LOG" 2>/dev/null || echo 0) + 1 ))
# The app role's two statements as pg_stat_statements counts them (updated as each call ends).
sample='select coalesce(pg_catalog.sum(s.calls) filter (where s.query ~~ $$SELECT %$$), 0),
  coalesce(pg_catalog.sum(s.total_exec_time) filter (where s.query ~~ $$SELECT %$$), 0),
  coalesce(pg_catalog.sum(s.calls) filter (where s.query ~~ $$INSERT %$$), 0),
  extract(epoch from pg_catalog.clock_timestamp())
from monitoring.pg_stat_statements s
where s.userid = (select oid from pg_catalog.pg_roles where rolname = $$app$$)
  and s.query ~~ any (array[$$SELECT id, status, total, created_at FROM orders WHERE customer_id = $1%$$,
                                                 $$INSERT INTO orders (customer_id, status, total) VALUES ($1, $2, $3)%$$])'
IFS='|' read -r calls0 ms0 ins0 t0 < <(sql -F '|' -c "$sample")
sleep 3
IFS='|' read -r calls1 ms1 ins1 t1 < <(sql -F '|' -c "$sample")
window=$(tail -c "+$log_from" "$LOG" 2>/dev/null)
api_failures=$(grep -cE '^[^[]*\[[0-9]+\] app@shop orders-api: (ERROR|FATAL): ' <<<"$window")
api_failure_example=$(grep -m1 -E '^[^[]*\[[0-9]+\] app@shop orders-api: (ERROR|FATAL): ' <<<"$window" | cut -c1-300)
checkout_failures=$(grep -cE '^[^[]*\[[0-9]+\] app@shop checkout: (ERROR|FATAL): ' <<<"$window")
lock_waits=$(grep -cE "app@shop checkout: LOG:  process [0-9]+ still waiting for " "$LOG" 2>/dev/null)
lock_example=$(grep -m1 -E "app@shop checkout: LOG:  process [0-9]+ still waiting for " "$LOG" 2>/dev/null | cut -c1-300)

# Everything else, and the verdict's JSON, in one checker session. Variables are data (quoted with
# :'name'), never SQL text.
verdict=$( { printf '%s\n' "$LOCK_SEEDED"; cat; } <<'SQL' | psql -X -At -q -v ON_ERROR_STOP=1 \
  -v cause_words="${cause_words:-0}" -v fix_words="${fix_words:-0}" -v follow_words="${follow_words:-0}" \
  -v calls0="${calls0:-0}" -v calls1="${calls1:-0}" -v ms0="${ms0:-0}" -v ms1="${ms1:-0}" \
  -v ins0="${ins0:-0}" -v ins1="${ins1:-0}" -v t0="${t0:-0}" -v t1="${t1:-1}" \
  -v api_failures="${api_failures:-0}" -v api_failure_example="${api_failure_example:-}" \
  -v checkout_failures="${checkout_failures:-0}" \
  -v lock_waits="${lock_waits:-0}" -v lock_example="${lock_example:-}" \
  -v tables="${tables:-0}" -v expected_fingerprint="$expected_fingerprint" -v actual_fingerprint="${actual_fingerprint:-none}" \
  -v privileges_diff="${privileges_diff:-}" \
  -v surge="$surge" -v bloat="$bloat" -v second_runaway="$second_runaway" -f /dev/stdin 2>"$GAUNTLET_WORK/verdict.err"
-- The orders API's query for customers across the whole id range (both ends and one in every
-- 5 % band, the band's customer drawn afresh each run), planned by PostgreSQL: which index answers
-- it, or whether orders is scanned. A lookup planned through an index is also run (EXPLAIN
-- ANALYZE) and timed; one planned as a scan of the table is not run, it is slow by construction.
-- A partial index that leaves some customers out, or a lookup the candidate cancels, shows here.
create temp table probe (customer int, plan jsonb, ms double precision, failure text);
-- How many rows the planner believes orders holds now (it scales its statistics by the table's
-- current size in pages, so a bloated table it has not looked at since is overestimated).
create temp table estimate (planned double precision);
\if :tables_ok
do $$
declare
  c int;
  p jsonb;
  q text;
begin
  execute 'explain (format json) select * from only public.orders' into p;
  insert into pg_temp.estimate values ((p #>> '{0,Plan,Plan Rows}')::double precision);
  foreach c in array array[1, 100000] || array(
    select b * 5000 + 1 + pg_catalog.floor(pg_catalog.random() * 5000)::int
    from pg_catalog.generate_series(0, 19) b) loop
    q := pg_catalog.format('SELECT id, status, total, created_at FROM public.orders WHERE customer_id = %s ORDER BY created_at DESC LIMIT 20', c);
    begin
      execute 'explain (format json) ' || q into p;
      if pg_catalog.jsonb_path_exists(p, 'strict $.** ? (@."Node Type" like_regex "Seq Scan" && @."Relation Name" == "orders")') then
        insert into pg_temp.probe values (c, p, null, null);
      else
        execute 'explain (analyze, format json) ' || q into p;
        insert into pg_temp.probe values (c, p, (p #>> '{0,Execution Time}')::double precision, null);
      end if;
    exception when others then
      insert into pg_temp.probe values (c, null, null, sqlerrm);
    end;
  end loop;
end $$;
\endif

with probes as (
  select customer, ms, failure, plan,
         array(select distinct i.relname::text
               from pg_catalog.jsonb_path_query(plan, 'strict $.**."Index Name"') n
               join pg_catalog.pg_class i on i.relname = (n #>> '{}')
                 and i.relnamespace = 'public'::pg_catalog.regnamespace
               join pg_catalog.pg_index x on x.indexrelid = i.oid
               where x.indrelid = pg_catalog.to_regclass('public.orders') and x.indisvalid and x.indisready) as indexes,
         coalesce(pg_catalog.jsonb_path_exists(plan, 'strict $.** ? (@."Node Type" like_regex "Seq Scan" && @."Relation Name" == "orders")'), false) as seq
  from pg_temp.probe
), lookups as (
  select pg_catalog.count(*) as n,
         pg_catalog.count(*) filter (where failure is not null) as failed,
         pg_catalog.count(*) filter (where ms > 100) as slow,
         pg_catalog.max(ms) as worst,
         (pg_catalog.array_agg(customer order by ms desc nulls last))[1] as worst_customer,
         pg_catalog.count(*) filter (where failure is null and (seq or pg_catalog.cardinality(indexes) = 0)) as unindexed,
         (pg_catalog.array_agg(customer order by customer) filter (where failure is null and (seq or pg_catalog.cardinality(indexes) = 0)))[1:5] as unindexed_customers,
         (select pg_catalog.string_agg(distinct ix, ', ') from probes, pg_catalog.unnest(indexes) ix) as used,
         (pg_catalog.array_agg(failure) filter (where failure is not null))[1] as first_failure,
         (pg_catalog.array_agg(pg_catalog.left(plan::text, 400) order by seq desc, customer))[1] as plan_example
  from probes
), traffic as (
  select :'calls1'::numeric - :'calls0'::numeric as calls,
         case when :'calls1'::numeric > :'calls0'::numeric
              then (:'ms1'::numeric - :'ms0'::numeric) / (:'calls1'::numeric - :'calls0'::numeric) end as mean_ms,
         coalesce(:'ins1'::numeric - :'ins0'::numeric, 0) as inserts,
         greatest(:'t1'::numeric - :'t0'::numeric, 0.1) as seconds
), rates as (
  -- The workload's own rates: the orders API 50 lookups a second, checkout 10 orders a second.
  -- Once the interviewer tripled checkout's traffic (a complication), 30 a second.
  -- pgbench -R schedules them as a Poisson process, so 3 s of checkout counts about 30 +- 5.5: a
  -- floor of 18 failed a healthy system about once in a hundred verdicts (more on a busy machine).
  -- The floor sits between the healthy rate and the failure it must catch: stopped checkout (0)
  -- normally, 4 a second (12 in 3 s, 2 in 10,000 healthy windows below it); after the surge, the
  -- surge's workers unserved (10 a second), 18 a second.
  select t.*, t.calls / t.seconds as api_rate, t.inserts / t.seconds as checkout_rate,
         case when :'surge' = '1' then 30 else 10 end as checkout_expected,
         case when :'surge' = '1' then 18 else 4 end as checkout_floor
  from traffic t
), report as (
  select pg_catalog.count(*) as n, pg_catalog.max(pg_catalog.now() - query_start) as longest,
         pg_catalog.string_agg(distinct pg_catalog.quote_literal(application_name), ', ') as names
  from pg_catalog.pg_stat_activity
  where usename = 'reporting' and backend_type = 'client backend' and state <> 'idle'
), stats as (
  select (select n_distinct from pg_catalog.pg_stats where schemaname = 'public' and tablename = 'orders' and attname = 'customer_id') as nd,
         (select reltuples from pg_catalog.pg_class where oid = pg_catalog.to_regclass('public.orders')) as planner_rows,
         (select n_live_tup from pg_catalog.pg_stat_user_tables where relid = pg_catalog.to_regclass('public.orders')) as live_rows,
         (select n_dead_tup from pg_catalog.pg_stat_user_tables where relid = pg_catalog.to_regclass('public.orders')) as dead_rows,
         (select pg_catalog.max(planned) from pg_temp.estimate) as planned_rows
), verdicts as (
  select
    -- R1
    r.mean_ms is not null and r.mean_ms < 25 and :'api_failures'::int = 0
      and l.n > 0 and l.failed = 0 and l.slow = 0
      and l.unindexed = 0 as latency_ok,
    -- R2
    l.n > 0 and l.failed = 0 and l.unindexed = 0 as plan_ok,
    -- R5
    :'privileges_diff' = '' and r.api_rate >= 30 and r.checkout_rate >= r.checkout_floor
      and :'checkout_failures'::int = 0 as traffic_ok,
    -- R7
    coalesce((s.nd < 0 or s.nd > 10000)
      and s.planner_rows >= 0.8 * s.live_rows, false) as stats_ok,
    -- R7 after the interviewer's mass update (a complication): the planner's row count of orders as
    -- it is now, and the dead row versions the update left reclaimed (VACUUM; VACUUM FULL would
    -- block checkout, which writes-unblocked catches).
    :'bloat' <> '1' or coalesce(s.planned_rows between 0.8 * s.live_rows and 1.25 * s.live_rows
      and s.dead_rows <= 0.2 * s.live_rows, false) as bloat_ok,
    r.*, l.*, s.nd, s.planner_rows, s.live_rows, s.dead_rows, s.planned_rows,
    rep.n as report_count, rep.longest, rep.names as report_names
  from rates r, lookups l, stats s, report rep
)
select pg_catalog.json_build_object('checks', pg_catalog.json_build_array(
  pg_catalog.json_build_object('id', 'api-latency', 'passed', v.latency_ok, 'score', case when v.latency_ok then 1 else 0 end,
    'message', case
      when v.latency_ok then pg_catalog.format('Over 3 s of live traffic the orders API''s %s calls took %s ms on average, none failed, and lookups across the whole customer range each took under 100 ms (the slowest %s ms).',
                                    v.calls, pg_catalog.round(v.mean_ms, 2), pg_catalog.round(v.worst::numeric, 1))
      else pg_catalog.concat_ws(' ',
        case when v.mean_ms is null then 'The orders API completed no queries during the 3 s sample.'
             when v.mean_ms >= 25 then pg_catalog.format('The orders API''s query still takes %s ms on average over %s calls in 3 s of live traffic; it must be under 25 ms.', pg_catalog.round(v.mean_ms, 1), v.calls) end,
        case when :'api_failures'::int > 0 then pg_catalog.format('%s of the orders API''s calls were cancelled or failed during the sample (a cancelled call is a failed call for its user).', :'api_failures') end,
        case when v.failed > 0 then pg_catalog.format('A lookup of a customer''s orders failed: %s.', v.first_failure) end,
        case when v.slow > 0 and v.failed = 0 then pg_catalog.format('A lookup of customer %s''s orders took %s ms; every customer''s must take under 100 ms.', v.worst_customer, pg_catalog.round(v.worst::numeric, 1)) end,
        case when v.unindexed > 0 then pg_catalog.format('Lookups of the orders of customers %s are planned as a scan of the whole orders table, far above 100 ms.', pg_catalog.array_to_string(v.unindexed_customers, ', ')) end) end,
    'evidence', case when :'api_failure_example' <> '' then pg_catalog.json_build_array(:'api_failure_example') else '[]'::json end),

  pg_catalog.json_build_object('id', 'index-plan', 'passed', v.plan_ok, 'score', case when v.plan_ok then 1 else 0 end,
    'message', case
      when v.plan_ok then 'The orders API''s query is answered through ' || v.used || ' for customers across the whole id range.'
      when v.n = 0 or v.failed > 0 then 'The orders API''s query could not be planned: ' || coalesce(v.first_failure, 'the probe did not run')
      else pg_catalog.format('The planner still scans orders, or uses no valid index on it, to find the orders of customers %s: an index must serve every customer.', pg_catalog.array_to_string(v.unindexed_customers, ', ')) end,
    'evidence', case when v.plan_example is null then '[]'::json else pg_catalog.json_build_array(v.plan_example) end),

  pg_catalog.json_build_object('id', 'runaway-ended', 'passed', v.report_count = 0, 'score', case when v.report_count = 0 then 1 else 0 end,
    'message', case when v.report_count = 0 then 'No report query is running' || case when :'second_runaway' = '1' then ', the second one included.' else '.' end
      else pg_catalog.format('%s report quer%s still running (%s), the longest for %s.', v.report_count, case when v.report_count = 1 then 'y is' else 'ies are' end,
                             v.report_names, pg_catalog.justify_interval(pg_catalog.date_trunc('second', v.longest))::text) end),

  pg_catalog.json_build_object('id', 'data-intact', 'passed', ok, 'score', case when ok then 1 else 0 end,
    'message', case when ok then 'Every seeded order and customer is there, unchanged.'
      when :'tables' <> '2' then 'orders or customers is no longer an ordinary table in the schema public.'
      else 'The seeded orders or customers changed: rows are missing or were modified.' end),

  pg_catalog.json_build_object('id', 'traffic-flowing', 'passed', v.traffic_ok, 'score', case when v.traffic_ok then 1 else 0 end,
    'message', case when v.traffic_ok then pg_catalog.format('In 3 s the orders API ran %s lookups (%s a second; its rate is 50) and checkout inserted %s orders (%s a second; its rate is %s), with their roles, privileges and settings as seeded.',
                                         v.calls, pg_catalog.round(v.api_rate, 1), v.inserts, pg_catalog.round(v.checkout_rate, 1), v.checkout_expected)
      else pg_catalog.concat_ws(' ',
        case when :'privileges_diff' <> '' then 'Privileges, role memberships or settings differ from what production had (< now, > as seeded): ' || pg_catalog.replace(:'privileges_diff', E'\n', '; ') end,
        case when v.api_rate < 30 then pg_catalog.format('The orders API ran only %s lookups a second (%s in 3 s); it makes 50 a second when it is healthy.', pg_catalog.round(v.api_rate, 1), v.calls) end,
        case when v.checkout_rate < v.checkout_floor then pg_catalog.format('Checkout inserted only %s orders a second (%s in 3 s); it makes %s a second%s.', pg_catalog.round(v.checkout_rate, 1), v.inserts, v.checkout_expected,
          case when :'surge' = '1' then ' since its traffic tripled' else '' end) end,
        case when :'checkout_failures'::int > 0 then pg_catalog.format('%s of checkout''s inserts failed during the sample.', :'checkout_failures') end) end),

  pg_catalog.json_build_object('id', 'writes-unblocked', 'passed', :'lock_waits'::int = 0, 'score', case when :'lock_waits'::int = 0 then 1 else 0 end,
    'message', case when :'lock_waits'::int = 0 then 'Checkout never waited on a lock on orders.'
      else pg_catalog.format('Checkout''s inserts waited on a lock on orders %s time(s): a change took a lock that blocks writes.', :'lock_waits') end,
    'evidence', case when :'lock_waits'::int = 0 then '[]'::json else pg_catalog.json_build_array(:'lock_example') end),

  pg_catalog.json_build_object('id', 'statistics-current', 'passed', v.stats_ok and v.bloat_ok, 'score', case when v.stats_ok and v.bloat_ok then 1 else 0 end,
    'message', case when v.stats_ok and v.bloat_ok then 'The planner''s statistics on orders are current' || case when :'bloat' = '1' then ', and the dead rows of the mass update are reclaimed.' else '.' end
      when not v.stats_ok then pg_catalog.format('The planner still believes orders holds %s rows and orders.customer_id has %s distinct values; the table has about %s rows for about 100000 customers.',
                             pg_catalog.round(v.planner_rows::numeric), coalesce(v.nd::text, 'no known number of'), v.live_rows)
      else pg_catalog.concat_ws(' ',
        case when not coalesce(v.planned_rows between 0.8 * v.live_rows and 1.25 * v.live_rows, false)
          then pg_catalog.format('Since the mass update the planner estimates orders at %s rows; it has about %s.', pg_catalog.round(v.planned_rows::numeric), v.live_rows) end,
        case when not coalesce(v.dead_rows <= 0.2 * v.live_rows, false)
          then pg_catalog.format('orders still holds about %s dead row versions from the mass update (%s live rows): the bloat is not reclaimed.', v.dead_rows, v.live_rows) end) end),

  pg_catalog.json_build_object('id', 'incident-note', 'passed', note_ok,
    'score', (least(:'cause_words'::int, 15) + least(:'fix_words'::int, 15) + least(:'follow_words'::int, 15))::numeric / 45,
    'message', case when note_ok then 'INCIDENT.md has a root cause, a fix and follow-ups.'
      else pg_catalog.format('INCIDENT.md needs at least 15 words under each heading; it has %s under Root cause, %s under Fix, %s under Follow-ups.', :'cause_words', :'fix_words', :'follow_words') end)
))
from verdicts v,
     lateral (select :'tables' = '2' and :'actual_fingerprint' = :'expected_fingerprint' as ok) d,
     lateral (select :'cause_words'::int >= 15 and :'fix_words'::int >= 15 and :'follow_words'::int >= 15 as note_ok) n;
\if :tables_ok
commit;
\endif
SQL
)
# One line of JSON, or the reason there is none (a grader error names it; never a pass).
case "$verdict" in
  '{"checks"'*) printf '%s%s\n' "$GAUNTLET_VERDICT_MARKER" "$verdict" ;;
  *) printf 'the checks could not judge the database: %s\n' "$(tail -3 "$GAUNTLET_WORK/verdict.err" 2>/dev/null)" >&2; exit 1 ;;
esac
