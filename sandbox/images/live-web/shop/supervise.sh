#!/bin/bash
# Keeps the shop API running: restarts it two seconds after it exits, and says why in its log.
while :; do
  python3 /opt/shop/app.py 2>> /srv/shop-supervisor.log
  echo "$(date -Is) shop-api exited with $?; restarting in 2 s" >> /srv/shop-supervisor.log
  sleep 2
done
