# Complication "the table bloats after a mass update", run by the platform as the OS user postgres
# (the service's own user, never the candidate's): a backfill re-stamps every delivered order with
# the values it already has. No data changes meaning (the seeded rows keep every value), but each
# of those rows now has a dead version: orders grows by some 40 %, autovacuum is off on it, and the
# planner, which scales its row count by the table's pages, now overestimates it by as much. From
# then on the checks want that bloat reclaimed without blocking checkout (VACUUM, not VACUUM FULL)
# and the statistics current again.
#
# The update runs as the tables' owner (sre), not a superuser: a trigger or index expression the
# candidate attached to orders runs with the candidate's own rights, never more.
set -eu
export PATH=/usr/lib/postgresql/15/bin:/usr/bin:/bin PGHOST=/run/pg PGDATABASE=shop
unset PGOPTIONS PGSERVICE PGSERVICEFILE PGSYSCONFDIR PSQLRC PGUSER
records=/var/lib/pgdata/complications
updated=$(psql -X -At -q -v ON_ERROR_STOP=1 -U sre <<'SQL'
set search_path = pg_catalog, pg_temp;
set statement_timeout = '55s';
set lock_timeout = '5s';
set application_name = 'backfill';
with touched as (
  update only public.orders set status = status where id <= 1002000 and status = 'delivered' returning 1
)
select count(*) from touched;
SQL
)
umask 077
mkdir -p "$records"
printf '%s uid=%s rows=%s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$(id -u)" "$updated" > "$records/table-bloat-after-mass-update.tmp"
mv "$records/table-bloat-after-mass-update.tmp" "$records/table-bloat-after-mass-update"
echo "A backfill rewrote $updated delivered orders with their own values: each left a dead row version in orders."
