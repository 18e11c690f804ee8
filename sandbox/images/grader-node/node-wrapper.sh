#!/bin/sh
exec /usr/local/lib/gauntlet/node --liftoff-only "$@"
