#!/usr/bin/env bash
# What authentication, private results and per-tenant limits add to a cache hit: gateways without
# authentication and with API keys (with and without limits) on one Redis, same photo, alternating
# rounds. With --baseline REV, an API-key gateway built from REV joins the rounds, for a change's
# cost side by side. Other arguments go to TenantCostBenchmark (--requests N --rounds N --paths ...).
set -euo pipefail
source "$(dirname "$0")/common.sh"
baseline_args=()
if [ "${1:-}" = --baseline ]; then
  rev="$2"
  shift 2
  baseline="$(mktemp -d)/baseline"
  git worktree add -q "$baseline" "$rev"
  trap 'git worktree remove --force "$baseline"' EXIT
  (cd "$baseline" && ./mvnw -B -q package -DskipTests -pl gateway-service -am)
  baseline_args=(--baseline-app "$baseline/gateway-service/target/quarkus-app")
fi
build_bench
./mvnw -B -q package -DskipTests -pl gateway-service -am
"$java" -cp "$bench_cp" io.colorcache.bench.TenantCostBenchmark --gateway-app gateway-service/target/quarkus-app \
  "${baseline_args[@]}" "$@"
