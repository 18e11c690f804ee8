#!/bin/bash
# The environment's main process (an unprivileged user of its own): the platform starts the
# services (site.sh as sre, shop.sh as shop, nginx.sh as www-data) right after it; `ready` once
# both service managers answer and nginx answers (with 502: that is the incident).
set -u
for _ in $(seq 1 300); do
  if [ -S /srv/shop/control.sock ] && [ -S /srv/nginx/control.sock ] \
    && [ "$(curl -q -s -o /dev/null -w '%{http_code}' --max-time 1 http://127.0.0.1:8080/)" = 502 ]; then
    echo ready
    break
  fi
  sleep 0.05
done
exec sleep infinity
