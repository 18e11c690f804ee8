# Complication "a second runaway query", run by the platform as the OS user postgres (the
# service's own user, never the candidate's) when the interviewer triggers it. The finance team's
# quarter-end export starts as the role reporting, like last night's monthly report: a correlated
# subquery that scans orders once per paid order, on a column no index serves, so it never ends on
# its own. The candidate (sre, pg_signal_backend) can end it as they ended the first.
set -eu
export PATH=/usr/lib/postgresql/15/bin:/usr/bin:/bin PGHOST=/run/pg PGDATABASE=shop
unset PGOPTIONS PGSERVICE PGSERVICEFILE PGSYSCONFDIR PSQLRC PGUSER
records=/var/lib/pgdata/complications
cd /
# Detached in its own session, its output nowhere: it outlives this script, as the cron job's did.
# One core, as the analyst's notebook session had (no parallel workers).
setsid env PGAPPNAME=finance-export psql -X -q -U reporting -o /dev/null \
  -c "SET max_parallel_workers_per_gather = 0" -c "
-- Quarter-end export: for every paid order, how many orders of the same amount came before it.
SELECT o.id, o.customer_id, o.total,
       (SELECT count(*) FROM orders p WHERE p.total = o.total AND p.created_at < o.created_at) AS same_amount_before
FROM orders o
WHERE o.status = 'paid'
ORDER BY o.total" </dev/null >/dev/null 2>&1 &
for _ in $(seq 1 100); do
  running=$(psql -X -At -U checker -c "select count(*) from pg_catalog.pg_stat_activity where usename = 'reporting' and application_name = 'finance-export' and backend_type = 'client backend' and state = 'active'" 2>/dev/null || echo 0)
  [ "$running" -ge 1 ] && break
  sleep 0.1
done
[ "${running:-0}" -ge 1 ] || { echo "the finance export did not start" >&2; exit 1; }
# The record the checks read, where only postgres can read or write (the data folder is 0700).
umask 077
mkdir -p "$records"
printf '%s uid=%s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$(id -u)" > "$records/second-runaway-query.tmp"
mv "$records/second-runaway-query.tmp" "$records/second-runaway-query"
echo "A second runaway report (application finance-export, role reporting) is running."
