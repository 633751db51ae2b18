#!/usr/bin/env bash
# The cache-hit path against its floor on loopback: the packaged gateway (L2 hits with L1 off,
# L1 hits, GET by SHA-256) under a Vert.x load generator with a fixed number of requests per
# cell, and redis-benchmark GET of values of the same sizes, same concurrency, one run.
# Extra arguments go to HitPathBenchmark (--sizes, --concurrency, --requests).
set -euo pipefail
source "$(dirname "$0")/common.sh"
command -v redis-benchmark >/dev/null || apt-get install -y -qq redis-tools >/dev/null
build_bench
./mvnw -B -q package -DskipTests -pl gateway-service -am
"$java" -cp "$bench_cp" io.colorcache.bench.HitPathBenchmark --gateway-app gateway-service/target/quarkus-app "$@"
