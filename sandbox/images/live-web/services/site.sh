#!/bin/bash
# The site's configuration, as the on-call engineer `sre` (who edits it): the image's, with the
# variant's fault (VARIANT_FAULT, given to the services alone, never to the shell) in its upstream.
# This runs and exits before the environment is ready, so no shell of sre's ever shares its life.
# Every fault answers 502 the same way; nginx's error log tells them apart.
set -eu
conf=/opt/incident/nginx.conf
case "${VARIANT_FAULT:-stale-upstream-port}" in
  # The shop API moved to 9000 in last week's migration; nginx still proxies to 9001.
  stale-upstream-port) cp "$conf" /srv/site/nginx.conf.tmp ;;
  # nginx speaks TLS to an API that serves plain HTTP (a hardening change applied to every upstream).
  upstream-tls)
    sed -e "s|# Moved in last week's migration.*|# TLS to every upstream since the security review.|" \
      -e 's|server 127.0.0.1:9001;|server 127.0.0.1:9000;|' \
      -e 's|proxy_pass http://shop_api;|proxy_pass https://shop_api;|' "$conf" > /srv/site/nginx.conf.tmp ;;
  # nginx proxies to a Unix socket the API does not serve yet (a change shipped ahead of the API's).
  upstream-socket)
    sed -e "s|# Moved in last week's migration.*|# The shop API's socket (platform ticket OPS-412).|" \
      -e 's|server 127.0.0.1:9001;|server unix:/run/shop/api.sock;|' "$conf" > /srv/site/nginx.conf.tmp ;;
  *) echo "site.sh: unknown fault ${VARIANT_FAULT}" >&2; exit 1 ;;
esac
mv /srv/site/nginx.conf.tmp /srv/site/nginx.conf
