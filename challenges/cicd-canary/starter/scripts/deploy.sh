#!/usr/bin/env bash
# Deploys the storefront release built from $GITHUB_SHA to an environment's ECS service.
#
#   ./scripts/deploy.sh <staging|production>              every task runs the new release
#   ./scripts/deploy.sh <staging|production> --canary     the canary service (5 % of traffic) runs it
#   ./scripts/deploy.sh <staging|production> --promote    every task runs the canary's release
#   ./scripts/deploy.sh <staging|production> --rollback   the canary goes back to the stable release
#
# Exits non-zero when ECS does not reach a steady state within 10 minutes.
set -euo pipefail

env="${1:?usage: deploy.sh <staging|production> [--canary|--promote|--rollback]}"
mode="${2:-}"
cluster="storefront-${env}"
release="${GITHUB_SHA:?GITHUB_SHA is not set}"

case "$mode" in
  "")
    ./scripts/ecs-release.sh "$cluster" storefront "$release" ;;
  --canary)
    ./scripts/ecs-release.sh "$cluster" storefront-canary "$release" ;;
  --promote)
    canary_release="$(./scripts/ecs-current.sh "$cluster" storefront-canary)"
    ./scripts/ecs-release.sh "$cluster" storefront "$canary_release" ;;
  --rollback)
    stable_release="$(./scripts/ecs-current.sh "$cluster" storefront)"
    ./scripts/ecs-release.sh "$cluster" storefront-canary "$stable_release" ;;
  *)
    echo "unknown mode: $mode" >&2
    exit 2 ;;
esac
