#!/usr/bin/env bash
# Window 2's hit rate with and without the cache warmer, and the model time it spent and saved:
# a Zipf workload (200 photos made from samples/photos, 2,000 requests per window) through real
# processes (redis-server, the inference service on the CPU, the gateway, the packaged warmer).
# Extra arguments go to WarmerExperiment (--top K, --clients N, --requests N, --seed S ...).
set -euo pipefail
source "$(dirname "$0")/common.sh"
build_bench
./mvnw -B -q package -DskipTests -pl inference-service,gateway-service,cache-warmer -am
"$java" -cp "$bench_cp" io.colorcache.bench.WarmerExperiment --samples samples/photos "$@"
