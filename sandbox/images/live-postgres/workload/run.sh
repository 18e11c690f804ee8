#!/bin/bash
# The production traffic that keeps the database pegged. It runs as the operating-system user
# postgres, so the candidate can only end its sessions through SQL; ended sessions come back.
cd /opt/pegged/workload
# The orders API: 50 lookups a second (3 connections); a lookup more than 2 s behind its schedule
# is skipped, as a client that timed out would.
(while :; do PGAPPNAME=orders-api pgbench -n -c 3 -j 1 -R 50 -L 2000 -T 86400 -U app -f orders-api.sql shop >/dev/null 2>&1; sleep 1; done) &
(while :; do PGAPPNAME=checkout pgbench -n -c 1 -R 10 -T 86400 -U app -f checkout.sql shop >/dev/null 2>&1; sleep 1; done) &
# The runaway: started once by last night's cron, it never finishes on its own.
PGAPPNAME=monthly-report psql -X -q -U reporting -f monthly-report.sql -o /dev/null shop 2>/dev/null &
wait
