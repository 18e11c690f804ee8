# Sourced by start.sh and test.sh: installs the npm dependencies when they are missing or stale.
# The `node` npm package brings Node 24, so everything after this runs on it whatever the system has.
set -eu
cd "$(dirname "$0")/.."
if ! command -v npm >/dev/null 2>&1; then
  echo "Gauntlet needs Node.js with npm to bootstrap (any version >= 18; Node 24 comes from npm)." >&2
  if [ "$(id -u)" = 0 ] && [ -f /etc/debian_version ]; then
    echo "Installing Debian's nodejs and npm…"
    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q nodejs npm
  else
    exit 1
  fi
fi
if [ ! -x node_modules/.bin/node ] || [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "Installing npm dependencies…"
  npm ci --no-audit --no-fund --loglevel=error
fi
NODE="$(pwd)/node_modules/.bin/node"
export NODE
