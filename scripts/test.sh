#!/bin/sh
# npm test: sets up what the tests need (Docker engine, sandbox images, Chromium, client build),
# checks format, lint and types, then runs every test against the real PostgreSQL, Docker and Chromium.
. "$(dirname "$0")/bootstrap.sh"
"$NODE" scripts/setup.ts --tests
"$NODE" scripts/build-client.ts
echo "Checking format, lint and types…"
node_modules/.bin/biome check --error-on-warnings .
node_modules/.bin/tsc -p tsconfig.json
"$NODE" node_modules/vitest/vitest.mjs run "$@"
# Fault tests kill workers and restart the Docker engine: alone, after everything else.
if [ $# -eq 0 ]; then
  echo "Running the fault tests (they restart the Docker engine)…"
  "$NODE" node_modules/vitest/vitest.mjs run --config vitest.faults.config.ts
fi
