#!/usr/bin/env bash
# What waiting for a replica (Redis WAIT, colorcache.jobs.durability.replicas=1) costs the miss
# path's acceptance: two packaged gateways on one primary with one replica, asked in turn.
# Extra arguments go to DurableAcceptanceCost (--requests N --warmup N).
set -euo pipefail
source "$(dirname "$0")/common.sh"
build_bench
./mvnw -B -q package -DskipTests -pl gateway-service -am
"$java" -cp "$bench_cp" io.colorcache.bench.DurableAcceptanceCost "$@"
