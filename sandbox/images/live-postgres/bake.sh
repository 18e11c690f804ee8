#!/bin/bash
# Runs once, at image build, as postgres: makes and seeds the cluster every environment starts from,
# and records what "no data lost" means (row count and checksum of the seeded orders and customers).
set -euo pipefail
export PATH=/usr/lib/postgresql/15/bin:/usr/bin:/bin PGHOST=/run/pg
initdb -D /opt/pegged/cluster -U postgres --auth-local=peer --auth-host=reject -E UTF8 --locale=C.UTF-8 --wal-segsize=1 >/dev/null
cat /opt/pegged/workload/postgresql.conf >> /opt/pegged/cluster/postgresql.conf
cp /opt/pegged/workload/pg_hba.conf /opt/pegged/workload/pg_ident.conf /opt/pegged/cluster/
pg_ctl -D /opt/pegged/cluster -w -s start
psql -X -v ON_ERROR_STOP=1 -q -d postgres -f /opt/pegged/seed.sql
# What "intact" and "as they were" mean, computed as the checks will compute them (their role,
# their pinned settings).
export PGOPTIONS="$(cat /opt/pegged/sql-options)"
psql -X -At -U checker -d shop -f /opt/pegged/fingerprint.sql > /opt/pegged/fingerprint.expected
psql -X -At -U checker -d shop -f /opt/pegged/privileges.sql > /opt/pegged/privileges.expected
unset PGOPTIONS
pg_ctl -D /opt/pegged/cluster -m fast -w -s stop
rm -f /opt/pegged/cluster/pg_wal/*.partial
