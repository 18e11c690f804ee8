#!/bin/bash
# Starts the incident: the log volume holds last month's uncompressed log and is full, so the shop
# API cannot start; nginx points at the port the API left. `ready` once nginx answers (with 502).
set -eu
mkdir -p /srv/nginx/tmp
cp /opt/incident/nginx.conf /srv/nginx/nginx.conf
# The current log, with the entries written before the incident (they must survive it).
printf '%s\n' "2026-11-25T23:58:01 GET /orders/1041 200" "2026-11-25T23:59:12 GET /orders/1042 200" > /var/log/shop/access.log
# Last month's log, never compressed, fills the volume.
yes "2026-10-31T12:00:00 GET /orders/0000 200 (debug: cart=[...], session=[...], headers=[...])" \
  | head -c 64M > /var/log/shop/access.log.1 2>/dev/null || true
/opt/shop/supervise.sh &
/usr/local/bin/nginx
for _ in $(seq 1 100); do
  curl -s -o /dev/null http://127.0.0.1:8080/ && break
  sleep 0.05
done
echo ready
exec sleep infinity
