#!/usr/bin/env bash
# What authentication, private results and per-tenant limits add to a cache hit: gateways without
# authentication and with API keys (with and without limits) on one Redis, same photo, alternating
# rounds. Extra arguments go to TenantCostBenchmark (--requests N --rounds N).
set -euo pipefail
source "$(dirname "$0")/common.sh"
build_bench
./mvnw -B -q package -DskipTests -pl gateway-service -am
"$java" -cp "$bench_cp" io.colorcache.bench.TenantCostBenchmark --gateway-app gateway-service/target/quarkus-app "$@"
