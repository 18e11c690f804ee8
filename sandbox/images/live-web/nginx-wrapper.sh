#!/bin/sh
# The web tier's nginx runs from /srv/nginx (the root filesystem is read-only): every nginx command
# the candidate types (nginx -t, nginx -s reload, …) goes to that configuration.
exec /usr/sbin/nginx -c /srv/nginx/nginx.conf -p /srv/nginx -e /srv/nginx/error.log "$@"
