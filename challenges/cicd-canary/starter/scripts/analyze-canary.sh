#!/usr/bin/env bash
# Compares the canary with the stable service over a 10-minute window (5xx rate, p99 latency,
# checkout conversions) using CloudWatch metrics.
#
# Exit 0 and writes `verdict=pass` to $GITHUB_OUTPUT when the canary is at least as healthy as stable;
# exit 1 and writes `verdict=fail` when it is not. Needs read access to CloudWatch in production.
set -euo pipefail

window_minutes="${CANARY_WINDOW_MINUTES:-10}"
verdict="$(./scripts/canary-metrics.py --cluster storefront-production --window "${window_minutes}m")"

echo "verdict=${verdict}" >> "${GITHUB_OUTPUT:-/dev/stdout}"
[ "$verdict" = "pass" ]
