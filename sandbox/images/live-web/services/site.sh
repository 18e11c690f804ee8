#!/bin/bash
# The site's configuration, as the on-call engineer `sre` (who edits it): a copy of the image's.
set -eu
cp /opt/incident/nginx.conf /srv/site/nginx.conf.tmp
mv /srv/site/nginx.conf.tmp /srv/site/nginx.conf
