#!/bin/sh
# npm start: sets up whatever is missing (npm packages, Docker engine, sandbox images, client build),
# then serves Gauntlet with demo data on http://localhost:3000.
. "$(dirname "$0")/bootstrap.sh"
"$NODE" scripts/setup.ts
"$NODE" scripts/build-client.ts
exec "$NODE" server/main.ts
