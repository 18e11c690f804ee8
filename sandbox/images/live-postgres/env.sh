#!/bin/bash
# Starts the environment: the baked cluster is copied to the data tmpfs, PostgreSQL starts, the
# workload starts, and `ready` on stdout tells the platform the terminal can open.
set -eu
export PATH=/usr/lib/postgresql/15/bin:/usr/local/bin:/usr/bin:/bin
cp -a /opt/pegged/cluster/. /var/lib/pgdata/
chmod 0700 /var/lib/pgdata
pg_ctl -D /var/lib/pgdata -l /var/lib/pgdata/server.log -w -s start
# The variant's fault goes in before any traffic (variant.sh, started by the platform as a service).
for _ in $(seq 1 600); do
  [ -e /run/pg/variant.done ] && break
  sleep 0.05
done
[ -e /run/pg/variant.done ] || { echo "the variant's fault was not injected (variant.sh)" >&2; exit 1; }
/opt/pegged/workload/run.sh &
# Ready once the runaway report and the orders API are both at work.
for _ in $(seq 1 100); do
  busy=$(psql -X -At -d shop -c "select count(distinct application_name) from pg_stat_activity where state = 'active' and application_name in ('orders-api', 'monthly-report')" 2>/dev/null || echo 0)
  [ "$busy" = 2 ] && break
  sleep 0.05
done
echo ready
exec sleep infinity
