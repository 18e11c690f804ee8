#!/bin/bash
# The shop API's service, as its user `shop`: the incident's log volume (the current log with the
# entries written before the incident, and last month's uncompressed log filling the volume), then
# the supervisor, which keeps the API running as `shop` and takes the on-call engineer's commands.
set -eu
cp /opt/incident/pre-incident.log /var/log/shop/access.log
yes "2026-10-31T12:00:00 GET /orders/0000 200 (debug: cart=[...], session=[...], headers=[...])" \
  | head -c 64M > /var/log/shop/access.log.1 2>/dev/null || true
exec /usr/bin/python3 -I /opt/incident/svcd.py shop-api
