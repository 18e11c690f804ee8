# Complication "checkout traffic triples", run by the platform as the OS user postgres (the
# service's own user, never the candidate's): a flash sale. Two more checkout workers start, each
# like the workload's own (pgbench as the role app, 10 orders a second, back a second after their
# session ends), so checkout inserts 30 orders a second from now on, and from then on the checks
# expect that rate. Triggering it again only restarts a surge worker that is gone.
set -eu
export PATH=/usr/lib/postgresql/15/bin:/usr/bin:/bin PGHOST=/run/pg PGDATABASE=shop
unset PGOPTIONS PGSERVICE PGSERVICEFILE PGSYSCONFDIR PSQLRC PGUSER
records=/var/lib/pgdata/complications
umask 077
mkdir -p "$records"
pids="$records/checkout-surge.pids"
worker='while :; do PGAPPNAME=checkout pgbench -n -c 1 -R 10 -T 86400 -U app -f checkout.sql shop >/dev/null 2>&1; sleep 1; done'
alive=()
for pid in $(cat "$pids" 2>/dev/null); do
  tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -qF "$worker" && alive+=("$pid")
done
cd /opt/pegged/workload
while [ "${#alive[@]}" -lt 2 ]; do
  # Detached in its own session, its output nowhere: it outlives this script.
  setsid bash -c "$worker" </dev/null >/dev/null 2>&1 &
  alive+=("$!")
done
printf '%s\n' "${alive[@]}" > "$pids"
count="select count(*) from pg_catalog.pg_stat_activity where usename = 'app' and application_name = 'checkout'"
for _ in $(seq 1 100); do
  now=$(psql -X -At -U checker -c "$count" 2>/dev/null || echo 0)
  [ "$now" -ge 3 ] && break
  sleep 0.1
done
if [ ! -e "$records/checkout-traffic-triples" ]; then
  printf '%s uid=%s rate=30\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$(id -u)" > "$records/checkout-traffic-triples.tmp"
  mv "$records/checkout-traffic-triples.tmp" "$records/checkout-traffic-triples"
fi
echo "Checkout runs ${now:-?} sessions at 10 orders a second each: 30 a second in all, since $(cut -d' ' -f1 "$records/checkout-traffic-triples")."
