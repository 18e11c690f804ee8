#!/bin/bash
# nginx's service, as its user `www-data`: its runtime folder, then its manager, which starts
# nginx from the site's configuration (/srv/site/nginx.conf) and takes the on-call engineer's
# commands (test, reload, restart), recording the configuration each (re)load put in force.
set -eu
mkdir -p /srv/nginx/tmp
exec /usr/bin/python3 -I /opt/incident/svcd.py nginx
