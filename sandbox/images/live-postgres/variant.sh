#!/bin/bash
# The variant's fault, injected as postgres before any traffic starts: the one process given the
# variant (VARIANT_FAULT; the candidate's shell never is, and cannot read this one's environment).
# env.sh waits for /run/pg/variant.done before it starts the workload and says `ready`.
set -euo pipefail
export PATH=/usr/lib/postgresql/15/bin:/usr/bin:/bin PGHOST=/run/pg PGDATABASE=shop
unset PGOPTIONS PGSERVICE PGSERVICEFILE PGSYSCONFDIR PSQLRC PGUSER
for _ in $(seq 1 600); do
  psql -X -At -c 'select 1' >/dev/null 2>&1 && break
  sleep 0.05
done
case "${VARIANT_FAULT:-missing-index}" in
  # orders has no index on customer_id: every lookup of the orders API scans the table.
  missing-index) ;;
  # Last night's migration ran CREATE INDEX CONCURRENTLY on customer_id and was cancelled in its
  # validation phase: the index is left invalid, kept up to date by every insert and used by no
  # query, and its name is taken. Built as the tables' owner (sre), then marked invalid as a failed
  # build leaves it; the planner's figures for orders are put back as they were, so the statistics
  # stay as stale as in every variant.
  invalid-index)
    psql -X -q -v ON_ERROR_STOP=1 <<'SQL'
select relpages, reltuples from pg_catalog.pg_class where oid = 'public.orders'::regclass \gset
set role sre;
create index orders_customer_id_idx on public.orders (customer_id);
reset role;
update pg_catalog.pg_index set indisvalid = false where indexrelid = 'public.orders_customer_id_idx'::regclass;
update pg_catalog.pg_class set relpages = :relpages, reltuples = :reltuples where oid = 'public.orders'::regclass;
SQL
    ;;
  *) echo "variant.sh: unknown fault ${VARIANT_FAULT}" >&2; exit 1 ;;
esac
touch /run/pg/variant.done
